/**
 * The one bulk path (issue 9: import and bootstrap), on a copy of a store:
 *   npm run bench:bulk -- --data-dir DIR [--rows 100000] [--remote 50000] [--only import|floor|floor-parts|remote|remote-floor|sizes] [--no-undo] [--profile OUTDIR]
 * DIR is a store to write into (a copy of a seeded M store: never the original). Without it a
 * fresh store with 2,000 companies is made in a temp dir and removed after.
 * Prints, against the budgets: a contacts import with company look-ups and tags (rows/s,
 * through the engine's import handler, as the API runs it), its undo, remote updates applied
 * in batches of 500 (new records and edits of existing ones), record_docs bytes per record
 * and the outbox after 10,000 offline edits. Figures on a shared machine are upper bounds.
 * `floor` runs the import's SQLite statements alone on the same store (scripts/bench-support/sqlite-floor.ts):
 * the part of the import's cost no change to the engine can remove. `floor-parts` prices each of
 * those statements (the floor with each left out in turn, and the row alone). `remote-floor`
 * (also run after `remote`) does the same as `floor` for remote apply (scripts/bench-support/remote-floor.ts).
 * With --profile, the import and the remote apply (not their setup) are CPU-profiled into OUTDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../src/main/app/create-engine';
import type { Caller } from '../src/main/core/handler';
import { bootstrapAdmin } from '../src/main/app/bootstrap-admin';
import { profiled } from './bench-support/cpu-profile';
import { sqliteFloor, sqliteFloorParts } from './bench-support/sqlite-floor';
import { remoteFloor } from './bench-support/remote-floor';

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;
/** CPU time of this process in ms: on a shared, loaded machine wall time overstates what the work costs. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const perCpu = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} per CPU-second`;
const sys = { actor: null, origin: 'api' as const };

function adminCaller(engine: Engine): Caller {
  const row = engine.db
    .prepare("SELECT id, username, email, full_name FROM users WHERE role = 'admin' AND deleted_at IS NULL ORDER BY username LIMIT 1")
    .get() as Omit<Caller, 'role' | 'via'> | undefined;
  if (!row) throw new Error('The store has no admin user.');
  return { ...row, role: 'admin', via: 'jwt' };
}

function contactsCsv(rows: number, companies: string[], tag: string): string {
  const lines = ['email,first_name,last_name,company,job_title,tags'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${tag}${i}@bulk.test,First${i},Last${i},"${companies[i % companies.length].replace(/"/g, '""')}",Buyer,"t${i % 7}, ${tag}"`);
  }
  return lines.join('\n');
}

async function call(engine: Engine, op: string, caller: Caller, body: unknown, params: Record<string, string> = {}): Promise<any> {
  return engine.handlers[op]({ params, query: {}, body, caller, origin: 'api', clientKey: 'bench', baseUrl: 'http://127.0.0.1', path: '/' });
}

async function benchImport(engine: Engine, rows: number, undo: boolean, profileDir?: string): Promise<void> {
  const caller = adminCaller(engine);
  // Names that name one company: an ambiguous name is a row error (as it should be), which would flatter the rate.
  const companies = engine.db
    .prepare('SELECT name FROM companies WHERE deleted_at IS NULL GROUP BY name COLLATE NOCASE HAVING count(*) = 1 ORDER BY min(rowid) LIMIT 2000')
    .pluck()
    .all() as string[];
  const csv = contactsCsv(rows, companies, `bulk${Date.now().toString(36)}`);
  let t0 = performance.now();
  const c0 = cpuMs();
  const { started, status } = await profiled(profileDir, 'import', async () => {
    const started = await call(engine, 'imports.create', caller, { model: 'contact', csv });
    let status = started;
    while (status.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      status = await call(engine, 'imports.retrieve', caller, undefined, { id: started.id });
    }
    return { started, status };
  });
  const ms = performance.now() - t0;
  console.log(
    `import of ${rows.toLocaleString('en-US')} contacts (company look-up by name, 2 tags): ${(ms / 1000).toFixed(1)} s, ${rate(rows, ms)}, ${perCpu(rows, cpuMs() - c0)} (budget >= 50,000/s); ${status.status}, created ${status.created}, skipped ${status.skipped}`,
  );
  if (!undo) return;
  t0 = performance.now();
  await call(engine, 'imports.undo', caller, undefined, { id: started.id });
  console.log(`  undo (single path, one record at a time): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Remote updates as a peer would send them: new records and edits of records the target already has. */
async function benchRemote(target: Engine, n: number, profileDir?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-bulk-peer-'));
  const peer = createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000 });
  try {
    const existing = target.db.prepare('SELECT id, state FROM record_docs WHERE entity = ? ORDER BY rowid LIMIT ?').all('contact', Math.floor(n / 2)) as {
      id: string;
      state: Buffer;
    }[];
    for (let i = 0; i < existing.length; i += 500)
      peer.records.applyRemoteBatch(
        existing.slice(i, i + 500).map((r) => ({ record_id: r.id, update: r.state })),
        { quiet: true },
      );
    peer.records.outbox.acknowledge(peer.records.outbox.since(0, existing.length + 10));
    for (let i = 0; i < existing.length; i += 1000) {
      peer.records.transaction(() => {
        for (const r of existing.slice(i, i + 1000)) peer.records.update('contact', r.id, { job_title: 'Remote edit', tags: ['remote'] }, sys);
      });
    }
    for (let i = 0; i < n - existing.length; i += 1000) {
      peer.records.transaction(() => {
        for (let j = i; j < Math.min(n - existing.length, i + 1000); j++)
          peer.records.create('lead', { email: `peer${j}@bulk.test`, first_name: `Peer${j}`, last_name: 'Remote', status: 'new', tags: ['peer'] }, sys);
      });
    }
    const items = peer.records.outbox.since(0, n + 10);
    const t0 = performance.now();
    const c0 = cpuMs();
    const applied = await profiled(profileDir, 'remote-apply', () => {
      let n = 0;
      for (let i = 0; i < items.length; i += 500) n += target.records.applyRemoteBatch(items.slice(i, i + 500)).filter((r) => r.status === 'applied').length;
      return n;
    });
    const ms = performance.now() - t0;
    console.log(
      `remote updates in batches of 500 (${existing.length.toLocaleString('en-US')} edits of existing contacts, ${(items.length - existing.length).toLocaleString('en-US')} new leads): ${rate(items.length, ms)} (target >= 20,000/s), ${perCpu(items.length, cpuMs() - c0)}; applied ${applied}/${items.length}`,
    );
  } finally {
    peer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchSizes(engine: Engine): void {
  const docs = engine.db.prepare('SELECT count(*) AS n, avg(length(state)) AS avg FROM record_docs').get() as { n: number; avg: number };
  console.log(`record_docs: ${docs.n.toLocaleString('en-US')} records, ${docs.avg.toFixed(0)} B per record on average (budget <= 600 B)`);
  const ids = engine.db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY rowid LIMIT 1000').pluck().all() as string[];
  // A seeded store queues every record (never sent): touch the 1,000 and acknowledge just them, so what follows is the 10,000 edits alone.
  const lastSeq = () => engine.db.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number;
  let seq = lastSeq();
  engine.records.transaction(() => {
    for (const id of ids) engine.records.update('contact', id, { department: 'Before' }, sys);
  });
  engine.records.outbox.acknowledge(engine.records.outbox.since(seq, 100_000));
  seq = lastSeq();
  const pendingBefore = engine.records.outbox.pendingCount();
  for (let k = 0; k < 10_000; k += 500) {
    engine.records.transaction(() => {
      for (let j = k; j < k + 500; j++)
        engine.records.update('contact', ids[j % ids.length], { job_title: `Title ${j % 13}`, department: `Dept ${j % 5}` }, sys);
    });
  }
  const pending = engine.records.outbox.since(seq, 100_000);
  const bytes = pending.reduce((s, i) => s + i.update.byteLength, 0);
  console.log(
    `outbox after 10,000 offline edits of ${ids.length} contacts: ${engine.records.outbox.pendingCount() - pendingBefore} rows more, ${(bytes / 1024).toFixed(0)} KiB to send`,
  );
}

async function freshStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-bulk-'));
  const engine = createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000 });
  await bootstrapAdmin(engine, { username: 'admin', email: 'admin@bench.test', password: 'admin-password-1' });
  engine.records.transaction(() => {
    for (let i = 0; i < 2000; i++) engine.records.create('company', { name: `Company ${i}` }, sys);
  });
  engine.close();
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      rows: { type: 'string', default: '100000' },
      remote: { type: 'string', default: '50000' },
      only: { type: 'string' },
      'no-undo': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const temp = values['data-dir'] ? null : await freshStore();
  const engine = createEngine({ dataDir: values['data-dir'] ?? temp!, reminderIntervalMs: 3_600_000 });
  try {
    const only = values.only;
    if (!only || only === 'import') await benchImport(engine, Number(values.rows), !values['no-undo'], values.profile);
    if (!only || only === 'floor' || only === 'import') console.log(`  ${sqliteFloor(engine.db, Math.min(Number(values.rows), 50_000))}`);
    if (only === 'floor-parts') for (const line of sqliteFloorParts(engine.db, Math.min(Number(values.rows), 20_000))) console.log(line);
    if (!only || only === 'remote') await benchRemote(engine, Number(values.remote), values.profile);
    if (!only || only === 'remote-floor' || only === 'remote') console.log(`  ${remoteFloor(engine.db, Number(values.remote))}`);
    if (!only || only === 'sizes') benchSizes(engine);
  } finally {
    engine.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
