/**
 * Fuzzes the local API as an attacker would (issue 10):
 *   npm run fuzz -- [--bodies 30000] [--probes 1500] [--seed 1]
 * Starts a real server on port 0 over a fresh store in a temp dir, sends mutated bodies to
 * every write route and mutated query strings to every GET route of the operation table,
 * and prints the answers by status. Any 5xx fails the run (exit 1) and is printed with the
 * request that caused it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';
import { runFuzz, serverErrorCount } from './fuzz/api-fuzzer';
import { prepareTarget } from './fuzz/fixtures';

const ADMIN = { email: 'fuzz@example.com', password: 'fuzz-password-1', username: 'fuzz' };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { bodies: { type: 'string', default: '30000' }, probes: { type: 'string', default: '1500' }, seed: { type: 'string', default: '1' } },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-fuzz-'));
  const server = await startLocalServer({ dataDir, port: 0, admin: ADMIN });
  let internal = 0;
  const started = Date.now();
  try {
    const target = await prepareTarget(server.url, ADMIN);
    const report = await runFuzz(target, { bodies: Number(values.bodies), probes: Number(values.probes), seed: Number(values.seed) });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz: ${report.bodies.toLocaleString('en-US')} mutated bodies and ${report.probes.toLocaleString('en-US')} query probes over ${report.routes} routes in ${seconds.toFixed(1)} s (seed ${values.seed})`,
    );
    for (const [status, count] of Object.entries(report.byStatus).sort()) console.log(`  ${status}: ${count.toLocaleString('en-US')}`);
    internal = serverErrorCount(report);
    for (const e of report.serverErrors) console.log(`  5xx ${e.status} ${e.method} ${e.path} (${e.op}) sent ${e.sent} -> ${e.body}`);
    const slowest = Object.entries(report.msByOp)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    console.log(`  slowest routes (total ms): ${slowest.map(([op, ms]) => `${op} ${Math.round(ms)}`).join(', ')}`);
    const heap = process.memoryUsage();
    console.log(`  rss after: ${Math.round(heap.rss / 1024 / 1024)} MB`);
    console.log(internal === 0 ? 'no 5xx' : `${internal} answers were 5xx`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(internal === 0 ? 0 : 1);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
