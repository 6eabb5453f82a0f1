import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/**
 * An update writes only the columns, tags and search entry that changed. What must hold: the
 * row, tags and search index end exactly as a full projection would leave them.
 */
const api = { actor: null, origin: 'api' as const };

function setup() {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock: new ManualClock() });
  const search = (q: string) =>
    db.prepare('SELECT l.id FROM leads l WHERE l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?) ORDER BY l.id').pluck().all(q);
  const tags = (id: string) => db.prepare('SELECT tag FROM record_tags WHERE record_id = ? ORDER BY tag').pluck().all(id);
  const row = (id: string) => db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as Record<string, unknown>;
  return { db, records, search, tags, row };
}

describe('partial projection of updates', () => {
  it('keeps the row, tags and search entry equal to a full projection through edits, delete and restore', () => {
    const { records, search, tags, row } = setup();
    const a = records.create('lead', { email: 'x1@acme.test', first_name: 'Ada', company_name: 'Acme', tags: ['vip'] }, api);
    const id = String(a.id);
    const other = String(records.create('lead', { email: 'x2@beta.test', first_name: 'Bo', company_name: 'Beta' }, api).id);

    records.update('lead', id, { status: 'contacted', lead_score: 40 }, api);
    expect(row(id)).toMatchObject({ status: 'contacted', lead_score: 40, first_name: 'Ada', email: 'x1@acme.test' });
    expect(search('ada')).toEqual([id]);
    expect(tags(id)).toEqual(['vip']);

    records.update('lead', id, { first_name: 'Grace', tags: ['hot', 'vip'] }, api);
    expect(search('ada')).toEqual([]);
    expect(search('grace')).toEqual([id]);
    expect(search('hot')).toEqual([id]);
    expect(tags(id)).toEqual(['hot', 'vip']);

    records.remove('lead', id, api);
    expect(search('grace')).toEqual([]);
    expect(row(id).deleted_at).not.toBeNull();
    records.restore('lead', id, api);
    expect(search('grace')).toEqual([id]);
    expect(row(id).deleted_at).toBeNull();
    expect(search('bo')).toEqual([other]);

    // The row after partial updates equals the row a fresh projection of the same values gives.
    const version = row(id).version;
    const copy = String(
      records.create(
        'lead',
        { email: 'x1@acme.test', first_name: 'Grace', company_name: 'Acme', status: 'contacted', lead_score: 40, tags: ['hot', 'vip'] },
        api,
      ).id,
    );
    const strip = (r: Record<string, unknown>) => {
      const { id: _i, created_at: _c, updated_at: _u, version: _v, ...rest } = r;
      return rest;
    };
    expect(strip(row(id))).toEqual(strip(row(copy)));
    expect(version).toBeGreaterThan(0);
  });

  it('an update adds and removes only the tags that changed, other records keep theirs', () => {
    const { records, tags } = setup();
    const id = String(records.create('lead', { email: 'x4@acme.test', first_name: 'Lu', tags: ['a', 'b', 'c'] }, api).id);
    const other = String(records.create('lead', { email: 'x5@acme.test', first_name: 'Mo', tags: ['a', 'b'] }, api).id);
    records.update('lead', id, { tags: ['b', 'd'] }, api);
    expect(tags(id)).toEqual(['b', 'd']);
    expect(tags(other)).toEqual(['a', 'b']);
    records.update('lead', id, { first_name: 'Lou' }, api);
    expect(tags(id)).toEqual(['b', 'd']);
    records.update('lead', id, { tags: [] }, api);
    expect(tags(id)).toEqual([]);
    expect(tags(other)).toEqual(['a', 'b']);
  });

  it('a write that changes nothing searchable leaves the search entry in place', () => {
    const { db, records, search } = setup();
    const id = String(records.create('lead', { email: 'x3@acme.test', first_name: 'Kim' }, api).id);
    const ftsRows = () => db.prepare('SELECT count(*) FROM leads_fts').pluck().get();
    records.update('lead', id, { lead_score: 10 }, api);
    records.update('lead', id, { lead_score: 20 }, api);
    expect(ftsRows()).toBe(1);
    expect(search('kim')).toEqual([id]);
  });
});
