import { describe, expect, it } from 'vitest';
import { Cohorts } from '../../../../src/main/engines/analytics/cohort';
import { DAY, ctx, twoPeers, type Peer } from './analytics-peer';

/** Revenue cohorts from the won deals held in memory must equal the SQL, through local and remote writes. */

function expectSameAnswers(p: Peer): void {
  const sql = new Cohorts(p.db);
  const now = p.clock.now().getTime();
  for (const owner of [null, 'u1']) {
    for (const [period, cohorts] of [
      ['day', 60],
      ['week', 12],
      ['month', 6],
    ] as const) {
      const req = { metric: 'revenue' as const, period, cohorts, owner, now };
      expect(p.analytics.cohorts.run(req), `${period} ${owner}`).toEqual(sql.run(req));
    }
  }
}

describe('won deals', () => {
  it('answers revenue cohorts as the SQL does, through local and remote writes', () => {
    const { a, b, relay } = twoPeers();
    const contacts = Array.from({ length: 5 }, (_, i) => String(a.records.create('contact', { last_name: `C${i}`, email: `c${i}@example.com` }, ctx('u1')).id));
    const deals: string[] = [];
    for (let i = 0; i < 14; i++) {
      a.clock.set(new Date(Date.parse('2025-01-02T10:00:00Z') + i * 9 * DAY).toISOString());
      const owner = i % 3 ? 'u1' : 'u2';
      const id = String(
        a.records.create(
          'opportunity',
          { name: `D${i}`, contact: contacts[i % 5], amount: 100 * (i + 1), close_date: '2025-09-01', stage: 'proposal', owner },
          ctx(owner),
        ).id,
      );
      deals.push(id);
      if (i % 4 !== 3) a.records.update('opportunity', id, { stage: 'closed_won' }, ctx(owner));
    }
    a.clock.set('2025-06-20T12:00:00Z');
    b.clock.set('2025-06-20T12:00:00Z');
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);
    a.records.update('opportunity', deals[3], { stage: 'closed_won' }, ctx('u1'));
    a.records.update('opportunity', deals[0], { amount: 5000 }, ctx('u1'));
    a.records.remove('opportunity', deals[1], ctx('u1'));
    a.records.update('opportunity', deals[2], { owner: 'u1', contact: contacts[4] }, ctx('u1'));
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);
    b.records.update('opportunity', deals[5], { stage: 'closed_lost' }, ctx('u1'));
    b.records.restore('opportunity', deals[1], ctx('u1'));
    expectSameAnswers(b);
    relay.deliver(b.records, a.records);
    expectSameAnswers(a);
    const month = a.analytics.cohorts.run({ metric: 'revenue', period: 'month', cohorts: 6, owner: null, now: a.clock.now().getTime() });
    expect(month.cohorts.some((c) => c.size > 0 && c.periods.length > 1 && c.periods[1] > 0)).toBe(true);
  });
});
