import { describe, expect, it } from 'vitest';
import { runSimulation, shrink } from '../../../helpers/sync-simulation';

/**
 * DESIGN.md section 3 and STYLE.md: random edits on 3 to 6 installs (records of document
 * schemas 2 and 3 side by side, see docVersionOf), delivered in random
 * order with duplicates, drops, resends, partitions and restarts, converge to identical rows.
 * `npm run test:sync-property -- --seeds 1000` runs many more seeds than CI does.
 */
describe('sync convergence (property)', () => {
  const seeds = Array.from({ length: 50 }, (_, i) => 1000 + i);
  it.each(seeds)(
    'seed %i converges',
    (seed) => {
      const result = runSimulation(seed);
      if (result.diverged) {
        const minimal = shrink(result);
        expect.fail(`seed ${seed} diverged; minimal reproduction (${minimal.length} ops):\n${JSON.stringify(minimal, null, 1)}\n${result.diverged}`);
      }
    },
    60_000,
  );
});
