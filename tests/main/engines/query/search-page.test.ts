import { describe, expect, it } from 'vitest';
import { ListQueryEngine } from '../../../../src/main/engines/query';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { leadEntity } from '../../../../src/shared/entities/entities';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/**
 * A plain search is answered from the full-text index alone; it must give the same count and
 * pages as the search through the table (what a search with any filter still does).
 */
const ctx = { actor: null, origin: 'api' as const };

function setup() {
  const { db } = tempStore();
  const clock = new ManualClock();
  const records = new RecordsEngine({ db, clock });
  const query = new ListQueryEngine(db);
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    clock.advance(1000);
    const name = i % 3 === 0 ? `Jonas${i}` : i % 3 === 1 ? `Julia${i}` : `Mark${i}`;
    ids.push(String(records.create('lead', { email: `x${i}@acme.test`, first_name: name, priority: 'medium' }, ctx).id));
  }
  return { db, records, query, ids };
}

describe('plain search from the full-text index', () => {
  it('counts and pages like the search through the table, newest first, without deleted records', () => {
    const { records, query, ids } = setup();
    for (const id of ids.slice(0, 10)) records.remove('lead', id, ctx);
    records.update('lead', ids[59], { first_name: 'Zed' }, ctx);
    for (const q of ['j', 'jo', 'ju', 'mark', 'z', 'nobody']) {
      const plain = query.list(leadEntity, { search: q, page_size: '7' });
      // A filter every row passes takes the general path: the answer must not differ.
      const general = query.list(leadEntity, { search: q, page_size: '7', priority: 'medium' });
      expect(plain.count).toBe(general.count);
      expect(plain.rows.map((r) => r.id)).toEqual(general.rows.map((r) => r.id));
      if (plain.count > 7) {
        const p2 = query.list(leadEntity, { search: q, page_size: '7', page: '2' });
        const g2 = query.list(leadEntity, { search: q, page_size: '7', page: '2', priority: 'medium' });
        expect(p2.rows.map((r) => r.id)).toEqual(g2.rows.map((r) => r.id));
      }
    }
    const j = query.list(leadEntity, { search: 'j', page_size: '100' });
    // 40 Jonas/Julia leads, 7 of them deleted (i < 10 with i % 3 != 2).
    expect(j.count).toBe(33);
    expect(j.rows.every((r) => !r.deleted_at && String(r.first_name).startsWith('J'))).toBe(true);
    const order = j.rows.map((r) => ids.indexOf(r.id));
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(query.list(leadEntity, { search: 'zed' }).rows.map((r) => r.id)).toEqual([ids[59]]);
    expect(query.list(leadEntity, { search: 'mark59' }).count).toBe(0);
  });
});

describe('count of every live record', () => {
  it('counts through the index of live rows and follows deletes and restores', () => {
    const { records, query, ids } = setup();
    expect(query.list(leadEntity, {}).count).toBe(60);
    records.remove('lead', ids[0], ctx);
    records.remove('lead', ids[1], ctx);
    expect(query.list(leadEntity, {}).count).toBe(58);
    records.restore('lead', ids[0], ctx);
    expect(query.list(leadEntity, {}).count).toBe(59);
    expect(query.list(leadEntity, { deleted_at__isnull: 'false' }).count).toBe(1);
  });
});
