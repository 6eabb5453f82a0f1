/**
 * Relative periods (`this_month`, `last_quarter`, `last_30_days`, ...) resolved at read time
 * in the viewer's time zone: "this month" for a rep in Tokyo starts at Tokyo midnight. Each
 * period knows the period before it, for a metric's trend.
 */

export const PERIODS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_365_days',
] as const;
export type Period = (typeof PERIODS)[number];

/** A half-open range [start, end): instants for datetime fields, local dates for date fields. */
export interface ResolvedPeriod {
  period: Period;
  start: string;
  end: string;
  startDate: string;
  endDate: string;
  /** The viewer's UTC offset in minutes at the start of the range (buckets by hour and day use it). */
  offsetMinutes: number;
}

interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const COMPARISON: Record<Period, string> = {
  today: 'vs yesterday',
  yesterday: 'vs the day before',
  this_week: 'vs last week',
  last_week: 'vs the week before',
  this_month: 'vs last month',
  last_month: 'vs the month before',
  this_quarter: 'vs last quarter',
  last_quarter: 'vs the quarter before',
  this_year: 'vs last year',
  last_year: 'vs the year before',
  last_7_days: 'vs the 7 days before',
  last_30_days: 'vs the 30 days before',
  last_90_days: 'vs the 90 days before',
  last_365_days: 'vs the 365 days before',
};

export function comparisonLabel(period: Period): string {
  return COMPARISON[period];
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at this instant. */
export function zoneOffsetMinutes(at: Date, tz: string): number {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

function localDate(at: Date, tz: string): LocalDate {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(at, tz) * 60_000);
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate() };
}

/** Normalises overflowing months and days (month 13, day 0) through Date.UTC. */
function norm(y: number, m: number, d: number): LocalDate {
  const t = new Date(Date.UTC(y, m - 1, d));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The UTC instant of local midnight starting this date in the zone. */
function midnight(date: LocalDate, tz: string): Date {
  const guess = Date.UTC(date.y, date.m - 1, date.d);
  // Two passes settle the offset across a DST change on that day.
  let at = guess - zoneOffsetMinutes(new Date(guess), tz) * 60_000;
  at = guess - zoneOffsetMinutes(new Date(at), tz) * 60_000;
  return new Date(at);
}

const iso = (d: LocalDate) => `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;

function range(period: Period, today: LocalDate): [LocalDate, LocalDate] {
  const { y, m, d } = today;
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  switch (period) {
    case 'today':
      return [today, norm(y, m, d + 1)];
    case 'yesterday':
      return [norm(y, m, d - 1), today];
    case 'this_week':
      return [norm(y, m, d - weekday), norm(y, m, d - weekday + 7)];
    case 'last_week':
      return [norm(y, m, d - weekday - 7), norm(y, m, d - weekday)];
    case 'this_month':
      return [norm(y, m, 1), norm(y, m + 1, 1)];
    case 'last_month':
      return [norm(y, m - 1, 1), norm(y, m, 1)];
    case 'this_quarter':
      return [norm(y, q, 1), norm(y, q + 3, 1)];
    case 'last_quarter':
      return [norm(y, q - 3, 1), norm(y, q, 1)];
    case 'this_year':
      return [norm(y, 1, 1), norm(y + 1, 1, 1)];
    case 'last_year':
      return [norm(y - 1, 1, 1), norm(y, 1, 1)];
    case 'last_7_days':
      return [norm(y, m, d - 6), norm(y, m, d + 1)];
    case 'last_30_days':
      return [norm(y, m, d - 29), norm(y, m, d + 1)];
    case 'last_90_days':
      return [norm(y, m, d - 89), norm(y, m, d + 1)];
    case 'last_365_days':
      return [norm(y, m, d - 364), norm(y, m, d + 1)];
  }
}

function shiftBack(period: Period, start: LocalDate, end: LocalDate): [LocalDate, LocalDate] {
  if ((/month|quarter|year/.test(period) && !period.startsWith('last_')) || ['last_month', 'last_quarter', 'last_year'].includes(period)) {
    const months = period.includes('month') ? 1 : period.includes('quarter') ? 3 : 12;
    return [norm(start.y, start.m - months, 1), start];
  }
  const days = Math.round((Date.UTC(end.y, end.m - 1, end.d) - Date.UTC(start.y, start.m - 1, start.d)) / 86_400_000);
  return [norm(start.y, start.m, start.d - days), start];
}

function resolved(period: Period, [start, end]: [LocalDate, LocalDate], tz: string): ResolvedPeriod {
  const startAt = midnight(start, tz);
  return {
    period,
    start: startAt.toISOString(),
    end: midnight(end, tz).toISOString(),
    startDate: iso(start),
    endDate: iso(end),
    offsetMinutes: zoneOffsetMinutes(startAt, tz),
  };
}

export function resolvePeriod(period: Period, now: Date, tz: string): ResolvedPeriod {
  return resolved(period, range(period, localDate(now, tz)), tz);
}

/** The period just before: last month for this month, the 30 days before for the last 30 days. */
export function previousPeriod(period: Period, now: Date, tz: string): ResolvedPeriod {
  const [start, end] = range(period, localDate(now, tz));
  return resolved(period, shiftBack(period, start, end), tz);
}

/** Today in the zone, as a date and as the instant its day starts. */
export function today(now: Date, tz: string): { date: string; start: string } {
  const d = localDate(now, tz);
  return { date: iso(d), start: midnight(d, tz).toISOString() };
}
