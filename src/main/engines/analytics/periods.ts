export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const DAY_MS = 86_400_000;

/** Start (UTC midnight, ms) of the period holding `ms`; weeks start on Monday. */
export function periodStart(period: Period, ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (period === 'day') return day;
  if (period === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  const d = new Date(day);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function addPeriods(period: Period, ms: number, n: number): number {
  if (period === 'day') return ms + n * DAY_MS;
  if (period === 'week') return ms + n * 7 * DAY_MS;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/** The label a period is shown and keyed by: 2024-03-05, 2024-03-04 (its Monday), 2024-03. */
export function periodLabel(period: Period, ms: number): string {
  const iso = new Date(ms).toISOString();
  return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** Starts of the periods overlapping [start, end] (both ms, end included). */
export function periodStarts(period: Period, start: number, end: number): number[] {
  const out: number[] = [];
  for (let at = periodStart(period, start); at <= end; at = addPeriods(period, at, 1)) out.push(at);
  return out;
}

/** `count` periods from the one holding `start`: their starts and the end of the last (the forecast's bins). */
export function periodsFrom(period: Period, start: number, count: number): { starts: number[]; end: number } {
  const first = periodStart(period, start);
  return { starts: Array.from({ length: count }, (_, i) => addPeriods(period, first, i)), end: addPeriods(period, first, count) };
}

/** SQLite expression of the period label of an ISO date or date-time column, same labels as periodLabel. */
export function sqlPeriodLabel(period: Period, expr: string): string {
  if (period === 'day') return `substr(${expr}, 1, 10)`;
  if (period === 'month') return `substr(${expr}, 1, 7)`;
  return `date(substr(${expr}, 1, 10), '-' || ((CAST(strftime('%w', substr(${expr}, 1, 10)) AS INTEGER) + 6) % 7) || ' days')`;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Median of a sorted numeric array; null when empty. */
export function median(sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
