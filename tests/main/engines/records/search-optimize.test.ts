import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { SearchMerger } from '../../../../src/main/engines/records/search-merger';
import type { Db } from '../../../../src/main/db/open-database';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

const sys = { actor: null, origin: 'import' as const };

/** Segments of an FTS5 index: its leaf pages' rowids carry the segment id above bit 37. */
const segments = (db: Db, table: string) =>
  db.prepare(`SELECT count(DISTINCT rowid >> 37) FROM ${table}_fts_data WHERE rowid >= (1 << 37)`).pluck().get() as number;
const marks = (db: Db) => db.prepare("SELECT key FROM settings WHERE key LIKE 'search.optimize.%' ORDER BY key").pluck().all() as string[];
const matches = (db: Db, term: string) => db.prepare('SELECT count(*) FROM leads_fts WHERE leads_fts MATCH ?').pluck().get(term) as number;
const integrityCheck = (db: Db) => db.prepare("INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 0)").run();

/** An import of `count` leads in one bulk batch (one transaction). */
function importLeads(records: RecordsEngine, tag: string, count: number): void {
  records.inBulk(sys, () => {
    for (let i = 0; i < count; i++) records.create('lead', { email: `${tag}${i}@x.test`, last_name: `Imported ${tag}` }, sys);
  });
}

async function quietStore() {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock: new ManualClock(), searchMergeIdleMs: 10 });
  // A new store's indexes are marked by its migrations and merged at its first quiet moment.
  expect(marks(db)).toContain('search.optimize.leads_fts');
  records.create('lead', { email: 'first@x.test' }, { actor: null, origin: 'api' });
  await records.upkeep.searchMerger!.merged();
  expect(marks(db)).toEqual([]);
  return { db, records };
}

describe('an index filled in large transactions is merged into one segment while the store is quiet', () => {
  it('marks the index a large import filled, with the import, and merges it into one segment at the next quiet moments', async () => {
    const { db, records } = await quietStore();
    importLeads(records, 'a', 1200);
    expect(marks(db)).toEqual(['search.optimize.leads_fts']);
    // Three segments (the first lead, the import, this one): fewer than an ordinary merge takes at once (4).
    records.create('lead', { email: 'single@x.test', last_name: 'Imported single' }, { actor: null, origin: 'api' });
    expect(segments(db, 'leads')).toBeGreaterThan(1);

    await records.upkeep.searchMerger!.merged();
    expect(segments(db, 'leads')).toBe(1);
    expect(marks(db)).toEqual([]);
    expect(matches(db, 'imported')).toBe(1201);
    expect(matches(db, 'a1199*')).toBe(1);
    expect(() => integrityCheck(db)).not.toThrow();
    records.close();
  });

  it('leaves an index alone after a small batch (ordinary merges keep it tidy)', async () => {
    const { db, records } = await quietStore();
    importLeads(records, 'small', 200);
    expect(marks(db)).toEqual([]);
    records.close();
  });

  it('a restart midway gathers the segments again and finishes the merge', async () => {
    const { db, records } = await quietStore();
    importLeads(records, 'c', 1500);
    importLeads(records, 'd', 1500);
    records.close();
    // One page a step: the merge is stopped (the app closes) after a few steps.
    const first = new SearchMerger(db, { idleMs: 1, pagesPerStep: 1 });
    first.committed();
    while (first.stepsDone < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    first.close();
    expect(marks(db)).toEqual(['search.optimize.leads_fts']);
    expect(segments(db, 'leads')).toBeGreaterThan(1);

    const second = new SearchMerger(db, { idleMs: 1 });
    expect(second.pendingOptimize()).toEqual(['leads_fts']);
    second.committed();
    await second.merged();
    expect(segments(db, 'leads')).toBe(1);
    expect(marks(db)).toEqual([]);
    expect(matches(db, 'imported')).toBe(3000);
    expect(() => integrityCheck(db)).not.toThrow();
    second.close();
  });
});
