/**
 * The write path as the relay will use it (issue figures for sync):
 *   npm run bench:sync-engine [-- --records 20000 --bootstrap 100000 --profile OUTDIR]
 * On fresh stores in temp dirs: bytes of a record document, the rate of remote updates applied
 * in batches of 500, bytes and outbox rows for 100 edits of one record, the outbox after
 * 10,000 offline edits, and a new install bootstrapped from another's documents (quiet).
 * With --profile, the remote apply and the bootstrap (not their setup) are CPU-profiled into OUTDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../src/main/app/create-engine';
import { profiled } from './bench-support/cpu-profile';

const sys = { actor: null, origin: 'api' as const };
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified'];

function fresh(): { engine: Engine; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-sync-'));
  return { engine: createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000 }), dir };
}

function contactBody(i: number): Record<string, unknown> {
  return {
    email: `person${i}@bench.test`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    phone: `+1 555 ${String(i).padStart(6, '0')}`,
    company_name: `Company ${i % 997}`,
    job_title: 'Sales manager',
    status: STATUSES[i % 4],
    lead_source: 'website',
    lead_score: i % 101,
    estimated_value: (i % 5000) * 10,
    tags: [`t${i % 7}`, 'bench'],
  };
}

function fill(engine: Engine, n: number): number {
  const t0 = performance.now();
  for (let start = 0; start < n; start += 1000) {
    engine.records.transaction(() => {
      for (let i = start; i < Math.min(n, start + 1000); i++) engine.records.create('lead', contactBody(i), sys);
    });
  }
  return performance.now() - t0;
}

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;
/** CPU time of this process in ms: on a shared, loaded machine wall time overstates what the work costs. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { records: { type: 'string', default: '20000' }, bootstrap: { type: 'string', default: '100000' }, profile: { type: 'string' } },
  });
  const n = Number(values.records);
  const stores: string[] = [];
  try {
    const a = fresh();
    stores.push(a.dir);
    const fillMs = fill(a.engine, n);
    const docBytes = a.engine.db.prepare('SELECT avg(length(state)) FROM record_docs').pluck().get() as number;
    console.log(`local creates (1,000 a transaction): ${rate(n, fillMs)}; record document: ${docBytes.toFixed(0)} B on average (budget <= 600 B)`);

    const items = a.engine.records.outbox.since(0, n + 10);
    const b = fresh();
    stores.push(b.dir);
    let t0 = performance.now();
    let c0 = cpuMs();
    await profiled(values.profile, 'remote-apply', () => {
      for (let i = 0; i < items.length; i += 500) b.engine.records.applyRemoteBatch(items.slice(i, i + 500));
    });
    console.log(
      `remote updates applied in batches of 500: ${rate(items.length, performance.now() - t0)}, ${rate(items.length, cpuMs() - c0)} of CPU (target >= 20,000/s)`,
    );
    a.engine.records.outbox.acknowledge(items);

    const id = items[0].record_id;
    for (let k = 0; k < 100; k++) a.engine.records.update('lead', id, { lead_score: k, notes: `edit ${k}` }, sys);
    const after100 = a.engine.records.outbox.since(0, 10);
    console.log(`100 edits of one record: ${after100.length} outbox row, ${after100.reduce((s, i) => s + i.update.byteLength, 0)} B to send`);
    a.engine.records.outbox.acknowledge(after100);

    t0 = performance.now();
    for (let k = 0; k < 10_000; k++) a.engine.records.update('lead', items[k % 1000].record_id, { lead_score: k % 100, status: STATUSES[k % 4] }, sys);
    const offline = a.engine.records.outbox.since(0, 100_000);
    console.log(
      `10,000 offline edits of 1,000 records (${rate(10_000, performance.now() - t0)}): outbox ${a.engine.records.outbox.pendingCount()} rows, ${(offline.reduce((s, i) => s + i.update.byteLength, 0) / 1024).toFixed(0)} KiB to send`,
    );

    const m = Number(values.bootstrap);
    const big = fresh();
    stores.push(big.dir);
    fill(big.engine, m);
    const everything = big.engine.records.outbox.since(0, m + 10);
    const c = fresh();
    stores.push(c.dir);
    t0 = performance.now();
    c0 = cpuMs();
    await profiled(values.profile, 'bootstrap', () => {
      for (let i = 0; i < everything.length; i += 500) c.engine.records.applyRemoteBatch(everything.slice(i, i + 500), { quiet: true });
    });
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    console.log(
      `bootstrap of ${m.toLocaleString('en-US')} records into a new install: ${(ms / 1000).toFixed(1)} s, ${rate(m, ms)}; ${(cpu / 1000).toFixed(1)} s of CPU (budget 100k < 15 s)`,
    );
    for (const s of [a, b, big, c]) s.engine.close();
  } finally {
    for (const dir of stores) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
