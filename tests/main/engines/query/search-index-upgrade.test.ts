import { describe, expect, it } from 'vitest';
import { ListQueryEngine, upgradeSearchIndexes } from '../../../../src/main/engines/query';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { contactEntity, ENTITIES } from '../../../../src/shared/entities/entities';
import type { EntityDef } from '../../../../src/shared/entities/field-def';
import type { Db } from '../../../../src/main/db/open-database';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/**
 * Migration 0026 lists the full-text indexes to rebuild with a one-letter prefix index; the
 * rebuild copies the projected rows into a new index in chunks. Searches must answer exactly
 * as before, custom values and tags included, deleted records still left out.
 */
const ctx = { actor: null, origin: 'api' as const };
const QUERIES = ['j', 'jo', 'm', 'ma', 'mar', 'w', 'vip', 'v', 'gold', 'g', 'blue', 'b', 'x', 'jonas smi', 'nobody'];
const customText = (_e: EntityDef, values: Record<string, unknown>) => Object.values(values).map(String).join(' ');

function seeded() {
  const { db } = tempStore();
  const clock = new ManualClock();
  const records = new RecordsEngine({ db, clock });
  records.setCustomSearchText(customText);
  records.setCustomValuesValidator((_entity, values) => ({ values: values ?? {}, errors: {} }));
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    clock.advance(1000);
    const first = ['Jonas', 'Maria', 'Mark', 'Wen'][i % 4];
    const body: Record<string, unknown> = {
      first_name: `${first}${i}`,
      last_name: i % 5 ? 'Smith' : 'Ng',
      email: `p${i}@example.test`,
      tags: i % 3 ? ['vip'] : [],
    };
    if (i % 6 === 0) body.custom_fields = { colour: i % 12 ? 'gold' : 'blue' };
    ids.push(String(records.create('contact', body, ctx).id));
  }
  for (const id of ids.slice(0, 5)) records.remove('contact', id, ctx);
  records.update('contact', ids[39], { first_name: 'Xavier' }, ctx);
  return { db, ids };
}

function answers(db: Db): Record<string, { count: number; ids: string[] }> {
  const query = new ListQueryEngine(db);
  return Object.fromEntries(
    QUERIES.map((q) => {
      const page = query.list(contactEntity, { search: q, page_size: '100' });
      return [q, { count: page.count, ids: page.rows.map((r) => r.id) }];
    }),
  );
}

const ftsSql = (db: Db) => db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'contacts_fts'").pluck().get() as string;

describe('search index upgrade (migration 0026)', () => {
  it('rebuilds every index with one-letter prefixes and answers every search as before', () => {
    const { db } = seeded();
    expect(ftsSql(db)).toContain("prefix='2 3'");
    const before = answers(db);
    expect(before.gold.count).toBe(3);
    expect(before.blue.count).toBe(3);
    expect(before.m.count).toBeGreaterThan(10);

    const lines: string[] = [];
    const rebuilt = upgradeSearchIndexes(db, { entities: ENTITIES, customText, report: (l) => lines.push(l) });
    expect(rebuilt).toEqual(['users', 'companies', 'contacts', 'leads', 'opportunities', 'tasks', 'activities']);
    expect(ftsSql(db)).toContain("prefix='1 2 3'");
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_fts_next%'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM search_index_upgrades WHERE finished_at IS NULL').pluck().get()).toBe(0);
    expect(answers(db)).toEqual(before);
    // A small store is not worth a line at start.
    expect(lines).toEqual([]);
    // Done once: the next start has nothing to do.
    expect(upgradeSearchIndexes(db, { entities: ENTITIES, customText })).toEqual([]);
  });

  it('resumes where a stopped rebuild was, and the result is the same', () => {
    const { db } = seeded();
    const before = answers(db);
    let calls = 0;
    const failing = (e: EntityDef, values: Record<string, unknown>) => {
      if (++calls === 3) throw new Error('stopped midway');
      return customText(e, values);
    };
    expect(() => upgradeSearchIndexes(db, { entities: ENTITIES, customText: failing, chunkRows: 7 })).toThrow('stopped midway');
    const state = db.prepare("SELECT done_rowid, finished_at FROM search_index_upgrades WHERE table_name = 'contacts'").get() as {
      done_rowid: number;
      finished_at: string | null;
    };
    // Two chunks of 7 went in (custom values in rows 1, 7 and 13; the third threw in the third chunk).
    expect(state).toEqual({ done_rowid: 14, finished_at: null });
    expect(ftsSql(db)).toContain("prefix='2 3'");
    // Searches still run on the old index meanwhile.
    expect(answers(db)).toEqual(before);

    expect(upgradeSearchIndexes(db, { entities: ENTITIES, customText, chunkRows: 7 })).toEqual(['contacts', 'leads', 'opportunities', 'tasks', 'activities']);
    expect(ftsSql(db)).toContain("prefix='1 2 3'");
    expect(answers(db)).toEqual(before);
  });
});
