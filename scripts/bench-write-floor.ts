/**
 * Where a single write's time goes between the machine, SQLite, the engine and HTTP (issue 16).
 * On a fresh copy of a pristine store it times, one write after another as `npm run bench`'s
 * single client does (1,000 creates of a lead, then 1,000 edits of them):
 *   engine  the API's own handler called in this process (validation, the document, the
 *           projection, audit, history, outbox, group commit with its fsync, the answer read
 *           back), no HTTP;
 *   floor   on a second fresh copy, exactly the SQL statements those writes ran (recorded
 *           while the engine wrote, prepared before timing), each write in one transaction,
 *           committed as group commit does (synchronous=NORMAL, then fdatasync of the WAL),
 *           with the same checkpoint worker and full-text merges: what the store costs with no
 *           engine around it.
 * HTTP's share is `npm run bench`'s figure less the engine's. The floor is the least any
 * engine writing these rows could take; only writing fewer rows, indexes or pages lowers it.
 *   npm run bench:write-floor -- --pristine DIR [--data-dir COPY] [--count 1000] [--profile DIR]
 * (--profile DIR: CPU profiles of the engine's timed creates and edits, written to DIR)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, fdatasyncSync, openSync, readSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, STORE_FILE } from '../src/main/app/create-engine';
import { openDatabase } from '../src/main/db/open-database';
import { WalCheckpointer } from '../src/main/db/wal-checkpointer';
import { SearchMerger } from '../src/main/engines/records/search-merger';
import { SEED_ADMIN } from '../src/main/engines/seed';
import type { Caller, HandlerRequest } from '../src/main/core/handler';
import { percentile } from './bench-support/http-client';
import { leadBody } from './bench-support/http-figures';
import { profiled } from './bench-support/cpu-profile';
import { fsyncP50, loadAverage, loopbackRoundTripP50 } from './bench-support/machine';
import { prepareAll, StatementCapture, type StatementCall } from './bench-support/statement-capture';

const { values: v } = parseArgs({
  options: { pristine: { type: 'string' }, 'data-dir': { type: 'string' }, count: { type: 'string', default: '1000' }, profile: { type: 'string' } },
});
if (!v.pristine) throw new Error('--pristine DIR (a generated store, e.g. the M tier) is required');
if (!/^[1-9]\d{1,4}$/.test(v.count!)) throw new Error(`--count must be 10 to 99999, got "${v.count}"`);
const pristine = resolve(v.pristine);
const copy = resolve(v['data-dir'] ?? join('bench-data', 'write-floor'));
const count = Number(v.count);
/** Writes before the timed ones, in both passes, so neither is timed on a cold cache. */
const WARM_UP = 100;

/** The bench's own lead, tagged apart from any earlier run's. */
const RUN_TAG = `floor${Date.now().toString(36)}`;
const editBody = (i: number) => ({ status: 'contacted', lead_score: (i % 100) + 1, notes: `Called back (${i}).` });

function freshCopy(): void {
  rmSync(copy, { recursive: true, force: true });
  cpSync(pristine, copy, { recursive: true, filter: (src) => !src.endsWith('DONE') });
  // The copy leaves gigabytes to write back, which would slow every fsync timed next.
  execFileSync('sync');
}

const ms = (began: bigint) => Number(process.hrtime.bigint() - began) / 1e6;
const line = (label: string, samples: number[]) =>
  `  ${label.padEnd(34)} p50 ${percentile(samples, 50).toFixed(3)} ms   p90 ${percentile(samples, 90).toFixed(3)} ms   p99 ${percentile(samples, 99).toFixed(3)} ms   ${Math.round(samples.length / (samples.reduce((a, b) => a + b, 0) / 1000))} writes/s`;

/** The engine pass: `count` creates then `count` edits timed, then the same again recorded for the floor. */
async function enginePass(capture: StatementCapture) {
  const engine = createEngine({ dataDir: copy, reminderIntervalMs: 3_600_000 });
  try {
    const caller = engine.db.prepare('SELECT id, username, email, full_name, role FROM users WHERE username = ?').get(SEED_ADMIN.username) as Omit<
      Caller,
      'via'
    >;
    const request = (params: Record<string, string>, body: unknown): HandlerRequest => ({
      params,
      query: {},
      body,
      caller: { ...caller, via: 'jwt' },
      origin: 'api',
      clientKey: '127.0.0.1',
      baseUrl: 'http://127.0.0.1',
      path: '/api/v1/leads/',
    });
    const create = (i: number) => engine.handlers['leads.create'](request({}, leadBody(RUN_TAG, i))) as Promise<{ id: string }>;
    const edit = (id: string, i: number) => engine.handlers['leads.update'](request({ id }, editBody(i)));
    for (let i = 0; i < WARM_UP; i++) await create(-1 - i);
    // As after any quiet moment of a running app: full-text automerge off, segments merged.
    await engine.records.upkeep.searchMerger?.merged();

    const timed = { create: [] as number[], edit: [] as number[] };
    const ids: string[] = [];
    await profiled(v.profile, 'engine-creates', async () => {
      for (let i = 0; i < count; i++) {
        const began = process.hrtime.bigint();
        ids.push((await create(i)).id);
        timed.create.push(ms(began));
      }
    });
    await profiled(v.profile, 'engine-edits', async () => {
      for (let i = 0; i < count; i++) {
        const began = process.hrtime.bigint();
        await edit(ids[i], i);
        timed.edit.push(ms(began));
      }
    });

    // WARM_UP more than the floor times: it replays them first, untimed, as the engine pass warmed up.
    const recorded = { create: [] as StatementCall[][], edit: [] as StatementCall[][] };
    const newIds: string[] = [];
    for (let i = 0; i < count + WARM_UP; i++) {
      const { value, calls } = await capture.record(() => create(count + i));
      newIds.push(value.id);
      recorded.create.push(calls);
    }
    for (let i = 0; i < count + WARM_UP; i++) recorded.edit.push((await capture.record(async () => edit(newIds[i], count + i))).calls);
    return { timed, recorded };
  } finally {
    engine.close();
  }
}

/**
 * The page numbers of a commit's WAL frames. The WAL index (-shm) keeps the last valid frame
 * (mxFrame, bytes 16-19 of its header, native order); a commit adds frames after the previous
 * last one, or from the start when a checkpoint let the WAL restart. A frame: a 24-byte header
 * starting with its page number, then the page.
 */
function commitPages(wal: number, shm: number, lastFrame: number, pageSize: number): { pages: number[]; lastFrame: number } {
  const word = Buffer.alloc(4);
  readSync(shm, word, 0, 4, 16);
  const now = word.readUInt32LE(0);
  const first = now > lastFrame ? lastFrame : 0;
  const pages: number[] = [];
  for (let frame = first; frame < now; frame++) {
    readSync(wal, word, 0, 4, 32 + frame * (24 + pageSize));
    pages.push(word.readUInt32BE(0));
  }
  return { pages, lastFrame: now };
}

/** Mean WAL pages a write, in all and by table or index (dbstat names each page's b-tree). */
function pagesByTree(file: string, writes: number[][]): string {
  const db = new Database(file, { readonly: true });
  const wanted = new Set(writes.flat());
  const tree = new Map<number, string>();
  for (const row of db.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>) {
    if (wanted.has(row.pageno)) tree.set(row.pageno, row.name);
  }
  db.close();
  const counts = new Map<string, number>();
  for (const pages of writes)
    for (const page of pages) counts.set(tree.get(page) ?? '(free list or file header)', (counts.get(tree.get(page) ?? '(free list or file header)') ?? 0) + 1);
  const n = Math.max(1, writes.length);
  const total = writes.reduce((sum, pages) => sum + pages.length, 0) / n;
  return `${total.toFixed(1)} WAL pages a write: ${[...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${(count / n).toFixed(1)}`)
    .join(', ')}`;
}

/** The floor pass: each recorded write's statements in one transaction, durable as group commit makes it. */
async function floorPass(writes: StatementCall[][], pages: number[][]): Promise<number[]> {
  const db = openDatabase(join(copy, STORE_FILE));
  const checkpointer = new WalCheckpointer(db);
  const merger = new SearchMerger(db, { idleMs: 50 });
  const prepared = prepareAll(db, writes);
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  const wal = openSync(`${db.name}-wal`, 'r');
  const samples: number[] = [];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const shm = openSync(`${db.name}-shm`, 'r');
  let lastFrame = 0;
  try {
    for (const [index, calls] of writes.entries()) {
      const began = process.hrtime.bigint();
      db.exec('PRAGMA synchronous = NORMAL');
      begin.run();
      for (const c of calls) {
        const stmt = prepared.get(c.sql)!;
        if (c.method === 'iterate') for (const _row of stmt.iterate(...c.args));
        else stmt[c.method](...c.args);
      }
      commit.run();
      db.exec('PRAGMA synchronous = FULL');
      fdatasyncSync(wal);
      if (index >= WARM_UP) samples.push(ms(began));
      const commitFrames = commitPages(wal, shm, lastFrame, pageSize);
      lastFrame = commitFrames.lastFrame;
      if (index >= WARM_UP) pages.push(commitFrames.pages);
      checkpointer.committed();
      merger.committed();
      if (index === WARM_UP - 1) {
        await merger.merged();
        lastFrame = commitPages(wal, shm, 0, pageSize).lastFrame;
      }
    }
  } finally {
    merger.close();
    closeSync(shm);
    closeSync(wal);
    db.close();
  }
  return samples;
}

const capture = new StatementCapture();
console.log(`write floor on a fresh copy of ${pristine}, ${count} writes a figure, one after another`);
freshCopy();
const { timed, recorded } = await enginePass(capture);
const statements = (w: StatementCall[][]) => (w.reduce((n, calls) => n + calls.length, 0) / w.length).toFixed(1);
freshCopy();
// Creates first, so the edits find their leads.
const pages = { create: [] as number[][], edit: [] as number[][] };
const floorCreate = await floorPass(recorded.create, pages.create);
const floorEdit = await floorPass(recorded.edit, pages.edit);
const store = join(copy, STORE_FILE);
const pagesOf = { create: pagesByTree(store, pages.create), edit: pagesByTree(store, pages.edit) };
rmSync(copy, { recursive: true, force: true });

console.log(
  `machine: fsync p50 ${fsyncP50(resolve('.')).toFixed(3)} ms, loopback HTTP round trip p50 ${(await loopbackRoundTripP50()).toFixed(3)} ms, load ${loadAverage()}`,
);
console.log(`create a lead (${statements(recorded.create)} statements a write; ${pagesOf.create}):`);
console.log(line('engine (handler, no HTTP)', timed.create));
console.log(line('floor (its statements + commit)', floorCreate));
console.log(`edit a lead (${statements(recorded.edit)} statements a write; ${pagesOf.edit}):`);
console.log(line('engine (handler, no HTTP)', timed.edit));
console.log(line('floor (its statements + commit)', floorEdit));
