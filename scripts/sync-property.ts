/**
 * Runs the sync convergence property over many seeds (CI runs a fixed 50 in the test suite).
 *   npm run test:sync-property -- --seeds 1000 [--from 1] [--steps 60]
 * Prints seeds run / diverged, and a minimal reproduction of the first divergence.
 */
import { runSimulation, shrink } from '../tests/helpers/sync-simulation';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const seeds = flag('seeds', 1000);
const from = flag('from', 1);
// Longer histories (more ops per seed) reach states the suite's 60 rarely does.
const steps = flag('steps', 60);
const started = Date.now();
let diverged = 0;
let first: ReturnType<typeof runSimulation> | null = null;
for (let seed = from; seed < from + seeds; seed++) {
  const result = runSimulation(seed, { steps });
  if (result.diverged) {
    diverged++;
    first ??= result;
    console.log(`seed ${seed}: diverged`);
  }
  if ((seed - from + 1) % 100 === 0) console.log(`${seed - from + 1} seeds, ${diverged} diverged, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`seeds run: ${seeds} of ${steps} steps, diverged: ${diverged} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (first) {
  const minimal = shrink(first);
  console.log(`minimal reproduction of seed ${first.seed} (${first.peers} installs, ${minimal.length} ops):`);
  console.log(JSON.stringify(minimal, null, 1));
  console.log(first.diverged);
  process.exit(1);
}
