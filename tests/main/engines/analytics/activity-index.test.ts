import { describe, expect, it } from 'vitest';
import { Cohorts } from '../../../../src/main/engines/analytics/cohort';
import { MetricsRunner } from '../../../../src/main/engines/analytics/metrics';
import { RelayLog } from '../../../helpers/relay-log';
import { DAY, ctx, peer, type Peer } from './analytics-peer';

/**
 * The activity index (months of activities held in memory, dropped by the writes that touch
 * them) must answer exactly what the SQL over the table answers, after local and remote
 * creates, updates, moves between months, deletes and restores.
 */
const iso = (ms: number) => new Date(ms).toISOString();

/** Every cohort and activity-count question, by the index and by the SQL reference. */
function expectSameAnswers(p: Peer): void {
  const sqlCohorts = new Cohorts(p.db);
  const sqlMetrics = new MetricsRunner(p.db);
  const now = p.clock.now().getTime();
  for (const owner of [null, 'u1']) {
    for (const [period, cohorts] of [
      ['day', 40],
      ['week', 16],
      ['month', 8],
    ] as const) {
      for (const metric of ['retention', 'activity'] as const) {
        const req = { metric, period, cohorts, owner, now };
        expect(p.analytics.cohorts.run(req), `${metric} by ${period} for ${owner}`).toEqual(sqlCohorts.run(req));
      }
    }
    for (const groupBy of [null, 'day', 'week', 'month'] as const) {
      const w = { from: '2024-10-01', to: '2025-09-01', groupBy, owner };
      expect(p.analytics.metrics.builtin('activities_count', w), `activities by ${groupBy} for ${owner}`).toEqual(sqlMetrics.builtin('activities_count', w));
    }
  }
}

describe('activity index', () => {
  it('answers cohorts and activity counts as the SQL does, through local and remote writes', () => {
    const a = peer('2025-01-03T10:00:00Z');
    const b = peer('2025-01-03T10:00:00Z');
    const relay = new RelayLog();
    const contacts: string[] = [];
    const activities: string[] = [];
    // Each install knows the two users (how users reach a team is not what this test is about).
    for (const p of [a, b])
      for (const id of ['u1', 'u2']) p.records.create('user', { username: id, email: `${id}@example.com` }, { actor: null, origin: 'system' }, id);
    relay.push(b.records);
    // Four months of contacts, each with activities spread over the following weeks.
    for (let i = 0; i < 24; i++) {
      a.clock.set(iso(Date.parse('2025-01-03T10:00:00Z') + i * 5 * DAY));
      const owner = i % 3 === 0 ? 'u2' : 'u1';
      const c = a.records.create('contact', { last_name: `C${i}`, email: `c${i}@example.com`, assigned_to: owner }, ctx(owner));
      contacts.push(String(c.id));
      for (let k = 0; k < 1 + (i % 4); k++) {
        const at = iso(a.clock.now().getTime() + (k * 9 + (i % 5)) * DAY);
        const act = a.records.create(
          'activity',
          { activity_type: 'call', subject: `S${i}.${k}`, occurred_at: at, contact: c.id, user: k % 2 ? 'u2' : 'u1' },
          ctx(owner),
        );
        activities.push(String(act.id));
      }
    }
    a.clock.set('2025-05-20T12:00:00Z');
    b.clock.set('2025-05-20T12:00:00Z');
    expectSameAnswers(a);
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);

    // Local changes on A after its months were read: moves across months, a contact changed, deletes, a restore.
    a.records.update('activity', activities[0], { occurred_at: '2025-04-02T08:00:00.000Z' }, ctx('u1'));
    a.records.update('activity', activities[5], { contact: contacts[20] }, ctx('u1'));
    a.records.remove('activity', activities[7], ctx('u1'));
    a.records.remove('activity', activities[8], ctx('u1'));
    a.records.restore('activity', activities[8], ctx('u1'));
    a.records.update('contact', contacts[3], { assigned_to: 'u1' }, ctx('u1'));
    a.records.remove('contact', contacts[4], ctx('u1'));
    a.records.create(
      'activity',
      { activity_type: 'email', subject: 'New', occurred_at: '2025-02-11T09:00:00.000Z', contact: contacts[1], user: 'u1' },
      ctx('u1'),
    );
    expectSameAnswers(a);

    // The same changes reach B as remote updates, after B read its months; then B's own reach A.
    relay.deliver(a.records, b.records);
    expectSameAnswers(b);
    b.records.update('activity', activities[10], { occurred_at: '2024-12-30T08:00:00.000Z' }, ctx('u2'));
    b.records.remove('activity', activities[11], ctx('u2'));
    const late = b.records.create('contact', { last_name: 'Late', email: 'late@example.com', assigned_to: 'u1' }, ctx('u1'));
    b.records.create(
      'activity',
      { activity_type: 'meeting', subject: 'Late', occurred_at: '2025-05-19T09:00:00.000Z', contact: late.id, user: 'u1' },
      ctx('u1'),
    );
    expectSameAnswers(b);
    relay.deliver(b.records, a.records);
    expectSameAnswers(a);
    // Not an empty comparison: activities counted, contacts active after their first month.
    const all = a.analytics.metrics.builtin('activities_count', { from: '2024-10-01', to: '2025-09-01', groupBy: null, owner: null });
    expect(all.value).toBe(activities.length + 2 - 2);
    const months = a.analytics.cohorts.run({ metric: 'retention', period: 'month', cohorts: 8, owner: null, now: a.clock.now().getTime() });
    expect(months.cohorts.some((c) => c.periods.length > 1 && c.periods[1] > 0)).toBe(true);
    // Both hold the same answers.
    const req = { metric: 'retention' as const, period: 'week' as const, cohorts: 16, owner: null, now: a.clock.now().getTime() };
    expect(a.analytics.cohorts.run(req)).toEqual(b.analytics.cohorts.run(req));
  });
});
