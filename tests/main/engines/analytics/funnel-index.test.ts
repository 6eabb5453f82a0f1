import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL, FUNNEL_STAGE_NAMES } from '../../../../src/main/engines/analytics';
import { Funnel } from '../../../../src/main/engines/analytics/funnel';
import { DAY, ctx, twoPeers, type Peer } from './analytics-peer';

/**
 * The funnel read from deals and leads held in memory (marked by the writes that touch them)
 * must equal the funnel read by SQL, after local and remote moves, deletes and restores.
 */

function expectSameAnswers(p: Peer): void {
  const sql = new Funnel(p.db);
  for (const owner of [null, 'u1']) {
    for (const [from, to] of [
      ['2024-12-01', '2025-08-01'],
      ['2025-01-20', '2025-03-01'],
    ]) {
      for (const stages of [DEFAULT_FUNNEL, FUNNEL_STAGE_NAMES]) {
        const req = { stages, from, to, owner };
        expect(p.analytics.funnel.run(req), JSON.stringify(req)).toEqual(sql.run(req));
      }
    }
  }
}

const PATHS = [
  ['qualification', 'proposal', 'closed_won'],
  ['proposal', 'qualification', 'proposal', 'negotiation'],
  ['closed_lost'],
  ['negotiation', 'closed_won'],
  [],
];

describe('funnel index', () => {
  it('answers the funnel as the SQL does, through local and remote writes', () => {
    const { a, b, relay } = twoPeers();
    const contact = a.records.create('contact', { last_name: 'C', email: 'c@example.com', assigned_to: 'u1' }, ctx('u1'));
    const deals: string[] = [];
    const leads: string[] = [];
    const start = Date.parse('2025-01-02T10:00:00Z');
    for (let i = 0; i < 10; i++) {
      a.clock.set(new Date(start + i * 5 * DAY).toISOString());
      const owner = i % 3 ? 'u1' : 'u2';
      deals.push(
        String(
          a.records.create(
            'opportunity',
            { name: `D${i}`, contact: contact.id, amount: 1000, close_date: '2025-06-01', stage: 'prospecting', owner },
            ctx(owner),
          ).id,
        ),
      );
      leads.push(String(a.records.create('lead', { email: `l${i}@example.com`, owner }, ctx(owner)).id));
    }
    // Moves in time order, a day and more apart.
    for (let step = 0; step < 4; step++) {
      a.clock.set(new Date(start + (60 + step * 3) * DAY).toISOString());
      deals.forEach((id, i) => {
        const path = PATHS[i % PATHS.length];
        if (step < path.length) a.records.update('opportunity', id, { stage: path[step] }, ctx('u1'));
      });
      leads.forEach((id, i) => {
        const path = [['contacted', 'qualified', 'converted'], ['qualified'], ['contacted', 'lost']][i % 3];
        if (step < path.length) a.records.update('lead', id, { status: path[step] }, ctx('u1'));
      });
    }
    a.clock.set('2025-04-01T12:00:00Z');
    b.clock.set('2025-04-01T12:00:00Z');
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);

    a.records.update('opportunity', deals[4], { stage: 'qualification' }, ctx('u1'));
    a.clock.advance(2 * DAY);
    a.records.update('opportunity', deals[4], { stage: 'closed_won' }, ctx('u1'));
    a.records.update('opportunity', deals[5], { owner: 'u1' }, ctx('u1'));
    a.records.remove('opportunity', deals[6], ctx('u1'));
    a.records.remove('lead', leads[1], ctx('u1'));
    a.records.restore('lead', leads[1], ctx('u1'));
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);
    b.clock.advance(3 * DAY);
    b.records.update('opportunity', deals[9], { stage: 'negotiation' }, ctx('u2'));
    b.records.update('lead', leads[9], { status: 'contacted' }, ctx('u2'));
    b.records.create('opportunity', { name: 'Late', contact: contact.id, amount: 500, close_date: '2025-06-03', stage: 'proposal', owner: 'u1' }, ctx('u1'));
    expectSameAnswers(b);
    relay.deliver(b.records, a.records);
    expectSameAnswers(a);
    const run = a.analytics.funnel.run({ stages: DEFAULT_FUNNEL, from: '2024-12-01', to: '2025-08-01', owner: null });
    expect(run.stages.find((s) => s.stage === 'won')!.count).toBeGreaterThan(1);
    expect(run.stages.some((s) => s.median_dwell_days !== null)).toBe(true);
  });
});
