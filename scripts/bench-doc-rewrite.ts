/**
 * The rewrite of an existing store's schema-2 record documents as schema 3 (records'
 * doc-rewrite.ts), run on a copy of a store, with the figures issue 9 asks for:
 *   npm run bench:doc-rewrite -- --data-dir DIR [--vacuum]
 * DIR is written to: give it a copy (`cp -r` of a seeded store), never the original.
 * Prints the record documents' mean bytes before and after (budget <= 600 B), the store file
 * before and after (free pages stay in the file: the product runs no VACUUM; `--vacuum` runs
 * one here to show what it would give back), the rewrite's rate and total time, and the load
 * average (other processes on the machine make the times upper bounds).
 */
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/main/db/open-database';
import { runMigrations } from '../src/main/db/migrate';
import { MIGRATIONS } from '../src/main/db/migrations';
import { STORE_FILE } from '../src/main/app/create-engine';
import { DocRewrite, RecordsEngine } from '../src/main/engines/records';
import { systemClock } from '../src/main/core/clock';

const BUDGET_BYTES = 600;

function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, vacuum: { type: 'boolean' } } });
  const dir = values['data-dir'];
  if (!dir || !existsSync(join(dir, STORE_FILE))) {
    console.error('usage: npm run bench:doc-rewrite -- --data-dir DIR [--vacuum]   (a COPY of a seeded store: it is rewritten)');
    process.exit(2);
  }
  const file = join(dir, STORE_FILE);
  const db = openDatabase(file);
  runMigrations(db, MIGRATIONS);
  const records = new RecordsEngine({ db, clock: systemClock });
  const sizes = () => {
    const r = db.prepare("SELECT count(*) AS n, sum(length(state)) AS bytes FROM record_docs WHERE id NOT LIKE '%::%'").get() as { n: number; bytes: number };
    return { n: r.n, mean: r.bytes / Math.max(1, r.n) };
  };
  const fileBytes = () => statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  const freePages = () => (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;
  const before = sizes();
  const fileBefore = fileBytes();
  console.log(`bench-doc-rewrite: ${dir}`);
  console.log(
    `before: ${before.n} record documents, mean ${before.mean.toFixed(0)} B; store ${gb(fileBefore)} (free pages ${gb(freePages())}); load ${loadText()}`,
  );
  const rewrite = new DocRewrite({
    db,
    transaction: (fn) => records.transaction(fn),
    outboxChanged: () => records.outbox.forgetCount(),
    now: () => new Date(),
  });
  const started = performance.now();
  const timer = setInterval(() => {
    const p = rewrite.progress();
    const s = (performance.now() - started) / 1000;
    console.log(`  ${s.toFixed(0)} s: ${p.state} ${p.done}/${p.total}, rewritten ${p.rewritten}, kept ${p.kept}; load ${loadText()}`);
  }, 15_000);
  return rewrite.run().then(() => {
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const p = rewrite.progress();
    const after = sizes();
    console.log(`rewrite: ${p.state}${p.reason ? ` (${p.reason})` : ''}; ${p.rewritten} rewritten, ${p.kept} kept as schema 2, of ${p.total}`);
    console.log(`  ${seconds.toFixed(1)} s in all (check and rewrite), ${(p.rewritten / seconds).toFixed(0)} records/s; load ${loadText()}`);
    console.log(
      `  rewritten documents: ${(p.bytes_before / Math.max(1, p.rewritten)).toFixed(0)} B -> ${(p.bytes_after / Math.max(1, p.rewritten)).toFixed(0)} B on average`,
    );
    const verdict = after.mean <= BUDGET_BYTES ? 'ok' : 'OVER';
    console.log(
      `after: mean ${after.mean.toFixed(0)} B per record document (budget ${BUDGET_BYTES} B: ${verdict}); store ${gb(fileBytes())} (free pages ${gb(freePages())})`,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`  after a WAL checkpoint: store ${gb(fileBytes())}`);
    if (values.vacuum) {
      const t = performance.now();
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
      console.log(`  after VACUUM (${((performance.now() - t) / 1000).toFixed(0)} s; not run by the product): store ${gb(fileBytes())}`);
    }
    records.close();
    db.close();
  });
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

void main();
