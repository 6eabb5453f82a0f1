import { describe, expect, it } from 'vitest';
import { BUILTIN_METRIC_NAMES } from '../../../../src/main/engines/analytics';
import { MetricsRunner } from '../../../../src/main/engines/analytics/metrics';
import { DAY, ctx, twoPeers, type Peer } from './analytics-peer';

/**
 * Built-in metrics answered from rows kept per month (dropped by the writes that touch them)
 * must equal the direct SQL, for every window, period and owner, after local and remote
 * creates, updates, moves between months, deletes and restores.
 */
const WINDOWS = [
  { from: '2024-12-01', to: '2025-07-01' },
  { from: '2025-01-15', to: '2025-04-10' },
  { from: '2025-02-01', to: '2025-02-02' },
];

function expectSameAnswers(p: Peer): void {
  const sql = new MetricsRunner(p.db);
  for (const owner of [null, 'u1']) {
    for (const groupBy of [null, 'day', 'week', 'month'] as const) {
      for (const window of WINDOWS) {
        const w = { ...window, groupBy, owner };
        for (const name of BUILTIN_METRIC_NAMES) {
          expect(p.analytics.metrics.builtin(name, w), `${name} ${JSON.stringify(w)}`).toEqual(sql.builtin(name, w));
        }
      }
    }
  }
}

describe('metric months', () => {
  it('answers every built-in metric as the SQL does, through local and remote writes', () => {
    const { a, b, relay } = twoPeers();
    const contact = a.records.create('contact', { last_name: 'C', email: 'c@example.com', assigned_to: 'u1' }, ctx('u1'));
    const deals: string[] = [];
    const leads: string[] = [];
    for (let i = 0; i < 16; i++) {
      a.clock.set(new Date(Date.parse('2025-01-02T10:00:00Z') + i * 6 * DAY).toISOString());
      const owner = i % 3 ? 'u1' : 'u2';
      const close = new Date(Date.parse('2025-02-01T00:00:00Z') + i * 7 * DAY).toISOString().slice(0, 10);
      const deal = a.records.create(
        'opportunity',
        { name: `D${i}`, contact: contact.id, amount: 1000 * (1 + (i % 5)), close_date: close, stage: 'proposal', owner },
        ctx(owner),
      );
      deals.push(String(deal.id));
      leads.push(String(a.records.create('lead', { email: `l${i}@example.com`, owner }, ctx(owner)).id));
      if (i % 4 === 1) a.records.update('opportunity', String(deal.id), { stage: 'closed_won' }, ctx(owner));
      if (i % 4 === 2) a.records.update('opportunity', String(deal.id), { stage: 'closed_lost' }, ctx(owner));
      if (i % 3 === 0) a.records.update('lead', leads[i], { status: 'converted' }, ctx(owner));
    }
    a.clock.set('2025-06-20T12:00:00Z');
    b.clock.set('2025-06-20T12:00:00Z');
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);

    // Local writes on A after its months were read.
    a.records.update('opportunity', deals[0], { stage: 'closed_won' }, ctx('u2'));
    a.records.update('opportunity', deals[3], { close_date: '2025-06-30', amount: 7777 }, ctx('u1'));
    a.records.update('opportunity', deals[4], { owner: 'u2' }, ctx('u1'));
    a.records.remove('opportunity', deals[5], ctx('u1'));
    a.records.remove('lead', leads[2], ctx('u1'));
    a.records.restore('opportunity', deals[5], ctx('u1'));
    a.records.update('lead', leads[4], { status: 'converted' }, ctx('u1'));
    expectSameAnswers(a);
    // Remote: A's writes reach B, B's reach A.
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);
    b.records.update('opportunity', deals[6], { stage: 'closed_won' }, ctx('u1'));
    b.records.remove('opportunity', deals[9], ctx('u1'));
    b.records.create('opportunity', { name: 'Late', contact: contact.id, amount: 500, close_date: '2025-03-03', stage: 'negotiation', owner: 'u1' }, ctx('u1'));
    expectSameAnswers(b);
    relay.deliver(b.records, a.records);
    expectSameAnswers(a);
    // Not an empty comparison.
    const won = a.analytics.metrics.builtin('deals_won', { from: '2024-12-01', to: '2025-07-01', groupBy: null, owner: null });
    expect(won.value).toBeGreaterThan(3);
  });
});
