/**
 * Analytics budget (issue 12: each endpoint p95 <= 100 ms over the M store):
 *   npm run bench:analytics -- --data-dir DIR [--user admin --password admin-password-1]
 * Serves the seeded store at DIR (npm run seed) on a free port and calls each endpoint over
 * HTTP: the first call (cold: history read from SQLite), 20 identical calls (answered from
 * the per-store-change cache), and 20 calls with a parameter varied each time (computed
 * again, the history still in memory). Prints p95 against the budget; over is a finding.
 * The server runs in this process, so each call's CPU time (process.cpuUsage: server and
 * client together) is printed too: on a shared, loaded machine wall time is mostly waiting
 * for a core, and the CPU time is what the call itself costs.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';
import { STORE_FILE } from '../src/main/app/create-engine';

const BUDGET_MS = 100;
const CALLS = 20;

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const METRICS =
  'win_rate,avg_deal_size,sales_velocity,pipeline_value,weighted_pipeline,revenue_won,deals_won,deals_lost,avg_sales_cycle_days,lead_conversion_rate,new_leads,activities_count';

/** Each endpoint: the same call, and a call that differs by its i-th parameter value. */
const ENDPOINTS: [string, string, (i: number) => string][] = [
  // The floor: what any request costs on this machine at this moment (HTTP, auth, JSON).
  ['baseline: auth/me/', 'auth/me/', () => 'auth/me/'],
  ['forecast', 'forecast/?periods=30', (i) => `forecast/?periods=${31 + i}`],
  ['forecast (12 months)', 'forecast/?period=month&periods=12', (i) => `forecast/?period=month&periods=${12 + (i % 6)}&start_date=${daysAgo(i)}`],
  ['funnel', 'funnel/', (i) => `funnel/?end_date=${daysAgo(i + 1)}`],
  ['cohort (retention)', 'cohort/?metric=retention', (i) => `cohort/?metric=retention&cohorts=${13 + i}`],
  ['cohort (revenue)', 'cohort/?metric=revenue', (i) => `cohort/?metric=revenue&cohorts=${13 + i}`],
  ['metrics (12, by month)', `metrics/?metrics=${METRICS}&group_by=month`, (i) => `metrics/?metrics=${METRICS}&group_by=month&end_date=${daysAgo(i + 1)}`],
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, user: { type: 'string', default: 'admin' }, password: { type: 'string', default: 'admin-password-1' } },
  });
  const dataDir = values['data-dir'];
  if (!dataDir || !existsSync(join(dataDir, STORE_FILE))) {
    console.error('usage: npm run bench:analytics -- --data-dir DIR   (a store made by npm run seed)');
    process.exit(2);
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const server = await startLocalServer({ dataDir, port: 0 });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: values.user, password: values.password }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const token = ((await login.json()) as { access: string }).access;
    const cpu: number[] = [];
    const call = async (path: string): Promise<number> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/${path.startsWith('auth/') ? '' : 'analytics/'}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
      return performance.now() - t0;
    };
    const counts = server.engine.db
      .prepare('SELECT (SELECT count(*) FROM opportunities), (SELECT count(*) FROM stage_transitions), (SELECT count(*) FROM activities)')
      .raw()
      .get() as number[];
    console.log(
      `load average ${load} (${os.cpus().length} cores) at start, ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} after opening`,
    );
    console.log(
      `bench-analytics: ${dataDir}: ${counts[0].toLocaleString('en-US')} deals, ${counts[1].toLocaleString('en-US')} stage transitions, ${counts[2].toLocaleString('en-US')} activities; budget p95 <= ${BUDGET_MS} ms`,
    );
    console.log(
      `${'endpoint'.padEnd(24)} ${'cold'.padStart(9)} ${'p95 same'.padStart(9)} ${'p95 varied'.padStart(11)}      ${'cpu cold'.padStart(9)} ${'cpu p95 varied'.padStart(14)}`,
    );
    for (const [name, same, varied] of ENDPOINTS) {
      cpu.length = 0;
      const cold = await call(same);
      const coldCpu = cpu[0];
      const repeat: number[] = [];
      for (let i = 0; i < CALLS; i++) repeat.push(await call(same));
      const fresh: number[] = [];
      cpu.length = 0;
      for (let i = 0; i < CALLS; i++) fresh.push(await call(varied(i)));
      const freshCpu = p95(cpu);
      const verdict = p95(fresh) <= BUDGET_MS ? 'ok' : 'OVER';
      console.log(
        `${name.padEnd(24)} ${cold.toFixed(1).padStart(7)}ms ${p95(repeat).toFixed(1).padStart(7)}ms ${p95(fresh).toFixed(1).padStart(9)}ms  ${verdict.padEnd(4)} ${coldCpu.toFixed(1).padStart(7)}ms ${freshCpu.toFixed(1).padStart(12)}ms`,
      );
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end`,
    );
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
