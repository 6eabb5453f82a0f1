import { median, round } from './periods';

export type MetricUnit = 'percent' | 'currency' | 'count' | 'days' | 'currency_per_day' | 'number';

/** One value of a metric, over the whole window or one period of it. */
export interface MetricValue {
  value: number | null;
  n?: number;
  median?: number | null;
}

/** The rows a metric reads: `bucket` is the period label ('all' without group_by). */
export interface MetricSource {
  /** SQL with `%bucket` where the period label goes, `%window` for the date condition, `%owner` for the owner one. */
  sql: string;
  dateExpr: string;
  ownerExpr: string;
}

export interface BuiltinMetric {
  label: string;
  unit: MetricUnit;
  description: string;
  source: MetricSource;
  /** Columns after the bucket, to a value. */
  value(cols: (number | null)[] | number[][]): MetricValue;
}

const CLOSED = (extra: string) => ({
  sql: `SELECT %bucket AS b, ${extra} FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage IN ('closed_won', 'closed_lost') AND %window %owner GROUP BY 1`,
  dateExpr: 't.actual_close_date',
  ownerExpr: 't.owner',
});
const WON_ROWS = {
  sql: `SELECT %bucket AS b, t.amount FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage = 'closed_won' AND %window %owner ORDER BY 1, 2`,
  dateExpr: 't.actual_close_date',
  ownerExpr: 't.owner',
};
const OPEN = (col: string) => ({
  sql: `SELECT %bucket AS b, coalesce(sum(${col}), 0), count(*) FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage NOT IN ('closed_won', 'closed_lost') AND %window %owner GROUP BY 1`,
  dateExpr: 't.close_date',
  ownerExpr: 't.owner',
});
/** A missing aggregate row (no records at all in the period) reads as zeros. */
const num = (x: unknown): number => (typeof x === 'number' ? x : 0);
const ratio = (part: unknown, whole: unknown): MetricValue => ({ value: num(whole) > 0 ? round((100 * num(part)) / num(whole)) : null, n: num(whole) });

/**
 * The built-in metrics: each is one grouped SQL aggregate over the projected rows. Deals count
 * in the period they closed in (actual close date), open pipeline in the period it is expected
 * to close in, leads and activities when they were created or happened.
 */
export const BUILTIN_METRICS: Record<string, BuiltinMetric> = {
  win_rate: {
    label: 'Win rate', unit: 'percent', description: 'Won / (won + lost) among deals closed in the period, with n = won + lost.',
    source: CLOSED(`sum(t.stage = 'closed_won'), count(*)`),
    value: ([won, n]) => ratio(won, n),
  },
  avg_deal_size: {
    label: 'Average deal size', unit: 'currency', description: 'Mean amount of the deals won in the period, with the median and n.',
    source: WON_ROWS,
    value: (amounts) => {
      const list = (amounts as number[][]).map((r) => r[0]);
      return { value: list.length ? round(list.reduce((a, b) => a + b, 0) / list.length) : null, median: median(list), n: list.length };
    },
  },
  revenue_won: {
    label: 'Revenue won', unit: 'currency', description: 'Sum of the amounts of the deals won in the period.',
    source: CLOSED(`coalesce(sum(CASE WHEN t.stage = 'closed_won' THEN t.amount END), 0), sum(t.stage = 'closed_won')`),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  deals_won: {
    label: 'Deals won', unit: 'count', description: 'Deals won in the period.',
    source: CLOSED(`sum(t.stage = 'closed_won')`),
    value: ([n]) => ({ value: num(n) }),
  },
  deals_lost: {
    label: 'Deals lost', unit: 'count', description: 'Deals lost in the period.',
    source: CLOSED(`sum(t.stage = 'closed_lost')`),
    value: ([n]) => ({ value: num(n) }),
  },
  avg_sales_cycle_days: {
    label: 'Average sales cycle', unit: 'days', description: 'Mean days from creation to the win, over the deals won in the period.',
    source: CLOSED(`avg(CASE WHEN t.stage = 'closed_won' THEN julianday(t.actual_close_date) - julianday(substr(t.created_at, 1, 10)) END), sum(t.stage = 'closed_won')`),
    value: ([days, n]) => ({ value: typeof days === 'number' ? round(days) : null, n: num(n) }),
  },
  sales_velocity: {
    label: 'Sales velocity', unit: 'currency_per_day', description: 'Deals closed x win rate x average deal size / average sales cycle (days): revenue the pipeline moves per day.',
    source: CLOSED(`count(*), sum(t.stage = 'closed_won'), avg(CASE WHEN t.stage = 'closed_won' THEN t.amount END), avg(CASE WHEN t.stage = 'closed_won' THEN julianday(t.actual_close_date) - julianday(substr(t.created_at, 1, 10)) END)`),
    value: ([closed, won, size, cycle]) => {
      const [c, w, s, l] = [closed, won, size, cycle] as (number | null)[];
      if (!c || !w || s === null || l === null) return { value: c ? 0 : null, n: c ?? 0 };
      return { value: round((c * (w / c) * s) / Math.max(l, 1)), n: c };
    },
  },
  pipeline_value: {
    label: 'Pipeline value', unit: 'currency', description: 'Amount of the open deals expected to close in the period.',
    source: OPEN('t.amount'),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  weighted_pipeline: {
    label: 'Weighted pipeline', unit: 'currency', description: 'Amount x probability of the open deals expected to close in the period.',
    source: OPEN('t.weighted_amount'),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  new_leads: {
    label: 'New leads', unit: 'count', description: 'Leads created in the period.',
    source: { sql: `SELECT %bucket AS b, count(*) FROM leads t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`, dateExpr: 't.created_at', ownerExpr: 't.owner' },
    value: ([n]) => ({ value: num(n) }),
  },
  lead_conversion_rate: {
    label: 'Lead conversion rate', unit: 'percent', description: 'Share of the leads created in the period that are converted, with n = leads created.',
    source: { sql: `SELECT %bucket AS b, sum(t.status = 'converted'), count(*) FROM leads t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`, dateExpr: 't.created_at', ownerExpr: 't.owner' },
    value: ([converted, n]) => ratio(converted, n),
  },
  activities_count: {
    label: 'Activities', unit: 'count', description: 'Activities that happened in the period (by their occurred-at time).',
    source: { sql: `SELECT %bucket AS b, count(*) FROM activities t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`, dateExpr: 't.occurred_at', ownerExpr: 't.user' },
    value: ([n]) => ({ value: num(n) }),
  },
};

export const BUILTIN_METRIC_NAMES = Object.keys(BUILTIN_METRICS);
/** Metrics read one row per record (a median needs them all) rather than one aggregate row. */
export const ROW_METRICS = new Set(['avg_deal_size']);
