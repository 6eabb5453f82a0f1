import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../../src/main/engines/dashboards/periods';
import { bucketSql, INTERVALS } from '../../../../src/main/engines/dashboards/sources/aggregate-source';
import { MAX_RANGE_BUCKETS, periodBuckets } from '../../../../src/main/engines/dashboards/sources/time-buckets';

/**
 * A time series read bucket by bucket must put every record in the bucket the GROUP BY form
 * puts it in: for random instants (and dates) in a period, the range holding it carries the
 * key SQLite computes for it.
 */
describe('time series buckets read as index ranges', () => {
  const db = new Database(':memory:');
  const now = new Date('2025-11-27T15:30:00Z');
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

  for (const tz of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Pacific/Auckland']) {
    for (const periodName of ['last_30_days', 'last_90_days', 'this_year', 'last_quarter']) {
      for (const interval of INTERVALS) {
        it(`${interval} buckets of ${periodName} in ${tz}`, () => {
          const period = resolvePeriod(periodName as never, now, tz);
          for (const isDate of [false, true]) {
            const buckets = periodBuckets(period, interval, isDate);
            if (buckets === null) {
              expect(interval).toBe('day');
              continue;
            }
            expect(buckets.length).toBeLessThanOrEqual(MAX_RANGE_BUCKETS);
            const lo = isDate ? Date.parse(`${period.startDate}T00:00:00Z`) : Date.parse(period.start);
            const hi = isDate ? Date.parse(`${period.endDate}T00:00:00Z`) : Date.parse(period.end);
            const key = db.prepare(`SELECT ${bucketSql('?', isDate, interval, period.offsetMinutes)}`).pluck();
            for (let i = 0; i < 300; i++) {
              const at = new Date(lo + Math.floor(random() * (hi - lo)));
              const value = isDate ? at.toISOString().slice(0, 10) : at.toISOString();
              const holding = buckets.filter((b) => b.from <= value && value < b.to);
              expect(holding, value).toHaveLength(1);
              expect(holding[0].key, value).toBe(key.get(...Array(bucketSql('?', isDate, interval, 0).split('?').length - 1).fill(value)));
            }
          }
        });
      }
    }
  }
});
