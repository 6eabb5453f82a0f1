import { describe, expect, it } from 'vitest';
import { ListQueryEngine } from '../../../../src/main/engines/query';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { leadEntity } from '../../../../src/shared/entities/entities';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

const ctx = { actor: null, origin: 'api' as const };

function setup() {
  const { db } = tempStore();
  const clock = new ManualClock();
  const records = new RecordsEngine({ db, clock });
  const query = new ListQueryEngine(db);
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 130; i++) {
    clock.advance(rand() < 0.2 ? 0 : 1000);
    const score = rand() < 0.15 ? null : Math.floor(rand() * 10);
    records.create('lead', { email: `l${i}@acme.test`, company_name: `Acme ${i % 3}`, lead_score: score }, ctx);
  }
  return { db, records, query };
}

function allPages(query: ListQueryEngine, params: Record<string, string>, order: number[]): string[][] {
  const pages: string[][] = [];
  for (const p of order) pages[p - 1] = query.list(leadEntity, { ...params, page: String(p), page_size: '7' }).rows.map((r) => r.id);
  return pages;
}

describe('list paging', () => {
  for (const ordering of ['-lead_score', 'lead_score', '-created_at', 'created_at', undefined]) {
    it(`pages resumed from anchors equal pages read by offset (ordering ${ordering ?? 'search default'})`, () => {
      const { query } = setup();
      const params: Record<string, string> = ordering ? { ordering } : { search: 'acme' };
      const total = query.list(leadEntity, params).count;
      const pageCount = Math.ceil(total / 7);
      const sequential = allPages(
        query,
        params,
        Array.from({ length: pageCount }, (_, i) => i + 1),
      );
      const reversed = allPages(
        query,
        params,
        Array.from({ length: pageCount }, (_, i) => pageCount - i),
      );
      expect(reversed).toEqual(sequential);
      const ids = sequential.flat();
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      // The same order as one plain ORDER BY over everything.
      const one = query.list(leadEntity, { ...params, page_size: '100' }).rows.map((r) => r.id);
      expect(ids.slice(0, 100)).toEqual(one);
    });
  }

  it('forgets anchors and counts when the data changes', () => {
    const { query, records } = setup();
    const before = query.list(leadEntity, { ordering: 'lead_score', page: '3', page_size: '7' });
    const first = query.list(leadEntity, { ordering: 'lead_score', page_size: '1' }).rows[0];
    records.remove('lead', first.id, ctx);
    const after = query.list(leadEntity, { ordering: 'lead_score', page: '3', page_size: '7' });
    expect(after.count).toBe(before.count - 1);
    expect(after.rows[0].id).toBe(before.rows[1].id);
  });
});
