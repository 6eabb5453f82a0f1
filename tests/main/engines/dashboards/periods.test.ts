import { describe, expect, it } from 'vitest';
import { previousPeriod, resolvePeriod } from '../../../../src/main/engines/dashboards';

const at = (iso: string) => new Date(iso);

describe('relative periods', () => {
  it("starts this month at local midnight of the viewer's zone", () => {
    expect(resolvePeriod('this_month', at('2025-03-31T20:00:00Z'), 'UTC')).toMatchObject({
      start: '2025-03-01T00:00:00.000Z',
      end: '2025-04-01T00:00:00.000Z',
      startDate: '2025-03-01',
      endDate: '2025-04-01',
    });
    // 20:00 UTC on 31 March is already 1 April in Auckland (UTC+13 until DST ends on 6 April).
    expect(resolvePeriod('this_month', at('2025-03-31T20:00:00Z'), 'Pacific/Auckland')).toMatchObject({
      start: '2025-03-31T11:00:00.000Z',
      end: '2025-04-30T12:00:00.000Z',
      startDate: '2025-04-01',
      offsetMinutes: 780,
    });
    expect(resolvePeriod('today', at('2025-07-01T03:00:00Z'), 'America/Los_Angeles')).toMatchObject({
      start: '2025-06-30T07:00:00.000Z',
      end: '2025-07-01T07:00:00.000Z',
    });
  });

  it('crosses a daylight saving change with the right instants', () => {
    // Europe/Berlin moves to summer time on 30 March 2025: March starts at +1, April at +2.
    expect(resolvePeriod('this_month', at('2025-03-15T12:00:00Z'), 'Europe/Berlin')).toMatchObject({
      start: '2025-02-28T23:00:00.000Z',
      end: '2025-03-31T22:00:00.000Z',
    });
  });

  it('knows the period before each period', () => {
    const now = at('2025-05-20T12:00:00Z');
    expect(previousPeriod('this_month', now, 'UTC')).toMatchObject({ startDate: '2025-04-01', endDate: '2025-05-01' });
    expect(previousPeriod('last_month', now, 'UTC')).toMatchObject({ startDate: '2025-03-01', endDate: '2025-04-01' });
    expect(resolvePeriod('last_quarter', now, 'UTC')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-04-01' });
    expect(previousPeriod('this_quarter', now, 'UTC')).toMatchObject({ startDate: '2025-01-01', endDate: '2025-04-01' });
    expect(resolvePeriod('last_30_days', now, 'UTC')).toMatchObject({ startDate: '2025-04-21', endDate: '2025-05-21' });
    expect(previousPeriod('last_30_days', now, 'UTC')).toMatchObject({ startDate: '2025-03-22', endDate: '2025-04-21' });
    expect(resolvePeriod('this_week', now, 'UTC')).toMatchObject({ startDate: '2025-05-19', endDate: '2025-05-26' });
    expect(previousPeriod('this_year', now, 'UTC')).toMatchObject({ startDate: '2024-01-01', endDate: '2025-01-01' });
  });
});
