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
  /**
   * How per-period rows make the total (one query serves both): `sum` adds each column (every
   * aggregate is a count or a sum; averages are divided afterwards), `min`/`max` take the least
   * or greatest, `rows` keeps every row (a median needs them all).
   */
  combine: 'sum' | 'min' | 'max' | 'rows';
}

export interface BuiltinMetric {
  label: string;
  unit: MetricUnit;
  description: string;
  source: MetricSource;
  /** Columns after the bucket, to a value. */
  value(cols: (number | null)[] | number[][]): MetricValue;
}

/** Days from creation to the win, summed (averages are sums over counts, so periods add up to the total). */
const WON_DAYS = `coalesce(sum(CASE WHEN t.stage = 'closed_won' THEN julianday(t.actual_close_date) - julianday(substr(t.created_at, 1, 10)) END), 0)`;
const CLOSED = (extra: string) => ({
  sql: `SELECT %bucket AS b, ${extra} FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage IN ('closed_won', 'closed_lost') AND %window %owner GROUP BY 1`,
  dateExpr: 't.actual_close_date',
  ownerExpr: 't.owner',
  combine: 'sum' as const,
});
const WON_ROWS = {
  sql: `SELECT %bucket AS b, t.amount FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage = 'closed_won' AND %window %owner ORDER BY 1, 2`,
  dateExpr: 't.actual_close_date',
  ownerExpr: 't.owner',
  combine: 'rows' as const,
};
const OPEN = (col: string) => ({
  sql: `SELECT %bucket AS b, coalesce(sum(${col}), 0), count(*) FROM opportunities t WHERE t.deleted_at IS NULL AND t.stage NOT IN ('closed_won', 'closed_lost') AND %window %owner GROUP BY 1`,
  dateExpr: 't.close_date',
  ownerExpr: 't.owner',
  combine: 'sum' as const,
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
    label: 'Win rate',
    unit: 'percent',
    description: 'Won / (won + lost) among deals closed in the period, with n = won + lost.',
    source: CLOSED(`sum(t.stage = 'closed_won'), count(*)`),
    value: ([won, n]) => ratio(won, n),
  },
  avg_deal_size: {
    label: 'Average deal size',
    unit: 'currency',
    description: 'Mean amount of the deals won in the period, with the median and n.',
    source: WON_ROWS,
    value: (amounts) => {
      // Rows come ordered by period, then amount: the whole window's median needs them in one order.
      const list = (amounts as number[][]).map((r) => r[0]).sort((a, b) => a - b);
      return { value: list.length ? round(list.reduce((a, b) => a + b, 0) / list.length) : null, median: median(list), n: list.length };
    },
  },
  revenue_won: {
    label: 'Revenue won',
    unit: 'currency',
    description: 'Sum of the amounts of the deals won in the period.',
    source: CLOSED(`coalesce(sum(CASE WHEN t.stage = 'closed_won' THEN t.amount END), 0), sum(t.stage = 'closed_won')`),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  deals_won: {
    label: 'Deals won',
    unit: 'count',
    description: 'Deals won in the period.',
    source: CLOSED(`sum(t.stage = 'closed_won')`),
    value: ([n]) => ({ value: num(n) }),
  },
  deals_lost: {
    label: 'Deals lost',
    unit: 'count',
    description: 'Deals lost in the period.',
    source: CLOSED(`sum(t.stage = 'closed_lost')`),
    value: ([n]) => ({ value: num(n) }),
  },
  avg_sales_cycle_days: {
    label: 'Average sales cycle',
    unit: 'days',
    description: 'Mean days from creation to the win, over the deals won in the period.',
    source: CLOSED(`${WON_DAYS}, sum(t.stage = 'closed_won')`),
    value: ([days, n]) => ({ value: num(n) > 0 ? round(num(days) / num(n)) : null, n: num(n) }),
  },
  sales_velocity: {
    label: 'Sales velocity',
    unit: 'currency_per_day',
    description: 'Deals closed x win rate x average deal size / average sales cycle (days): revenue the pipeline moves per day.',
    source: CLOSED(`count(*), sum(t.stage = 'closed_won'), coalesce(sum(CASE WHEN t.stage = 'closed_won' THEN t.amount END), 0), ${WON_DAYS}`),
    value: ([closed, won, amount, days]) => {
      const [c, w] = [num(closed), num(won)];
      if (!c || !w) return { value: c ? 0 : null, n: c };
      // closed x (won / closed) x (amount / won) / (days / won)
      return { value: round((num(amount) * w) / Math.max(num(days), w)), n: c };
    },
  },
  pipeline_value: {
    label: 'Pipeline value',
    unit: 'currency',
    description: 'Amount of the open deals expected to close in the period.',
    source: OPEN('t.amount'),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  weighted_pipeline: {
    label: 'Weighted pipeline',
    unit: 'currency',
    description: 'Amount x probability of the open deals expected to close in the period.',
    source: OPEN('t.weighted_amount'),
    value: ([sum, n]) => ({ value: round(num(sum)), n: num(n) }),
  },
  new_leads: {
    label: 'New leads',
    unit: 'count',
    description: 'Leads created in the period.',
    source: {
      sql: `SELECT %bucket AS b, count(*) FROM leads t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`,
      dateExpr: 't.created_at',
      ownerExpr: 't.owner',
      combine: 'sum',
    },
    value: ([n]) => ({ value: num(n) }),
  },
  lead_conversion_rate: {
    label: 'Lead conversion rate',
    unit: 'percent',
    description: 'Share of the leads created in the period that are converted, with n = leads created.',
    source: {
      sql: `SELECT %bucket AS b, sum(t.status = 'converted'), count(*) FROM leads t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`,
      dateExpr: 't.created_at',
      ownerExpr: 't.owner',
      combine: 'sum',
    },
    value: ([converted, n]) => ratio(converted, n),
  },
  activities_count: {
    label: 'Activities',
    unit: 'count',
    description: 'Activities that happened in the period (by their occurred-at time).',
    source: {
      sql: `SELECT %bucket AS b, count(*) FROM activities t WHERE t.deleted_at IS NULL AND %window %owner GROUP BY 1`,
      dateExpr: 't.occurred_at',
      ownerExpr: 't.user',
      combine: 'sum',
    },
    value: ([n]) => ({ value: num(n) }),
  },
};

export const BUILTIN_METRIC_NAMES = Object.keys(BUILTIN_METRICS);
