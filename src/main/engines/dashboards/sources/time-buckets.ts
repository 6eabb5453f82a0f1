import type { ResolvedPeriod } from '../periods';

/** More buckets than this are read by one GROUP BY instead (each bucket is its own index range read). */
export const MAX_RANGE_BUCKETS = 120;
const DAY_MS = 86_400_000;

export interface Bucket {
  /** The label the GROUP BY form gives the bucket: `2025-03-10` (day, week's Monday), `2025-03`, `2025-Q1`. */
  key: string;
  /** Bounds for the date field, in its stored form: ISO instants for datetimes, `YYYY-MM-DD` for dates. */
  from: string;
  to: string;
}

const isoDay = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 10);

/** The bucket holding a wall-clock time (ms, as if UTC): its start, the next one's start and its key. */
function bucketAt(wallMs: number, interval: string): { start: number; next: number; key: string } {
  const d = new Date(wallMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = Date.UTC(y, m, d.getUTCDate());
  switch (interval) {
    case 'day':
      return { start: day, next: day + DAY_MS, key: isoDay(day) };
    case 'week': {
      const monday = day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
      return { start: monday, next: monday + 7 * DAY_MS, key: isoDay(monday) };
    }
    case 'quarter': {
      const q = Math.floor(m / 3);
      return { start: Date.UTC(y, q * 3, 1), next: Date.UTC(y, q * 3 + 3, 1), key: `${y}-Q${q + 1}` };
    }
    default:
      return { start: Date.UTC(y, m, 1), next: Date.UTC(y, m + 1, 1), key: `${y}-${String(m + 1).padStart(2, '0')}` };
  }
}

/**
 * The buckets a period spans, in the viewer's zone (the same fixed offset the GROUP BY form
 * shifts by), or null when there are too many for one read each. Reading a time series bucket
 * by bucket lets each read be a range of the date field's index: over a million activities, a
 * GROUP BY on a computed date costs several times one ranged count per bucket.
 */
export function periodBuckets(period: ResolvedPeriod, interval: string, isDate: boolean): Bucket[] | null {
  const offsetMs = period.offsetMinutes * 60_000;
  const wallStart = isDate ? Date.parse(`${period.startDate}T00:00:00Z`) : Date.parse(period.start) + offsetMs;
  const wallEnd = isDate ? Date.parse(`${period.endDate}T00:00:00Z`) : Date.parse(period.end) + offsetMs;
  if (!Number.isFinite(wallStart) || !Number.isFinite(wallEnd)) return null;
  const buckets: Bucket[] = [];
  for (let at = wallStart; at < wallEnd;) {
    if (buckets.length === MAX_RANGE_BUCKETS) return null;
    const b = bucketAt(at, interval);
    buckets.push({
      key: b.key,
      from: isDate ? isoDay(b.start) : new Date(b.start - offsetMs).toISOString(),
      to: isDate ? isoDay(b.next) : new Date(b.next - offsetMs).toISOString(),
    });
    at = b.next;
  }
  return buckets;
}
