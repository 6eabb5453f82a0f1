import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import type { Db } from '../../../../src/main/db/open-database';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

const sys = { actor: null, origin: 'api' as const };

/** Segments of an FTS5 index: its leaf pages' rowids carry the segment id above bit 37. */
const segments = (db: Db, table: string) =>
  db.prepare(`SELECT count(DISTINCT rowid >> 37) FROM ${table}_fts_data WHERE rowid >= (1 << 37)`).pluck().get() as number;

const matches = (db: Db, term: string) => db.prepare('SELECT count(*) FROM leads_fts WHERE leads_fts MATCH ?').pluck().get(term) as number;

describe('full-text index merges run while the store is quiet', () => {
  it('turns automerge off at the first quiet moment, so writes add segments that a quiet pass merges', async () => {
    const { db } = tempStore();
    const records = new RecordsEngine({ db, clock: new ManualClock(), searchMergeIdleMs: 20 });
    records.create('lead', { email: 'first@x.test', last_name: 'Merger' }, sys);
    await records.upkeep.searchMerger!.merged();
    expect(db.prepare("SELECT v FROM leads_fts_config WHERE k = 'automerge'").pluck().get()).toBe(0);

    // One commit each, no pause: nothing merges inside the writes (below the crisis merge's 16).
    for (let i = 0; i < 12; i++) records.create('lead', { email: `w${i}@x.test`, last_name: 'Merger' }, sys);
    const crowded = segments(db, 'leads');
    expect(crowded).toBeGreaterThanOrEqual(12);

    await records.upkeep.searchMerger!.merged();
    expect(records.upkeep.searchMerger!.stepsDone).toBeGreaterThan(0);
    expect(segments(db, 'leads')).toBeLessThan(4);
    // Nothing lost in the merge: every record is still found, and the index checks out.
    expect(matches(db, 'merger')).toBe(13);
    expect(() => db.prepare("INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 0)").run()).not.toThrow();
    records.close();
  });

  it('keeps segments bounded under writes that never pause (the crisis merge), and every search still finds its records', async () => {
    const { db } = tempStore();
    const records = new RecordsEngine({ db, clock: new ManualClock(), searchMergeIdleMs: 20 });
    records.create('lead', { email: 'first@x.test', last_name: 'Steady' }, sys);
    await records.upkeep.searchMerger!.merged();
    for (let i = 0; i < 60; i++) records.create('lead', { email: `s${i}@x.test`, last_name: 'Steady' }, sys);
    expect(segments(db, 'leads')).toBeLessThanOrEqual(20);
    expect(matches(db, 'steady')).toBe(61);
    records.close();
  });
});
