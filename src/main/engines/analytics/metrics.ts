import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { BUILTIN_METRICS, type MetricSource, type MetricUnit, type MetricValue } from './builtin-metrics';
import { DAY_MS, median, periodLabel, periodStart, periodStarts, round, sqlPeriodLabel, type Period } from './periods';
import type { ActivityIndex } from './activity-index';
import type { MetricMonths } from './metric-months';

export interface MetricWindow {
  /** ISO dates: from included, to excluded. */
  from: string;
  to: string;
  groupBy: Period | null;
  owner: string | null;
}

/** A user-defined metric compiled to SQL (see metric-definitions.ts). */
export interface CompiledMetric {
  name: string;
  label: string;
  unit: MetricUnit;
  description: string;
  source: MetricSource;
  /** Extra parameters of `source.sql`'s own filter, bound before the window's. */
  params: unknown[];
  aggregate: string;
}

type Rows = unknown[][];

/** Evaluates built-in and compiled metrics over a window, as a total and per period. */
export class MetricsRunner {
  private readonly statements: StatementCache;

  /** With an activity index, activities_count is counted there (same answers, see its tests). */
  constructor(
    db: Db,
    private readonly activities: ActivityIndex | null = null,
    private readonly months: MetricMonths | null = null,
  ) {
    this.statements = new StatementCache(db);
  }

  builtin(name: string, w: MetricWindow) {
    const m = BUILTIN_METRICS[name];
    const evaluate = (rows: Rows) =>
      m.source.combine === 'rows' ? m.value(rows.map((r) => r.slice(1)) as number[][]) : m.value((rows[0]?.slice(1) ?? []) as (number | null)[]);
    const head = { name, label: m.label, unit: m.unit, description: m.description, custom: false };
    if (name === 'activities_count' && this.activities) return this.shape(head, m.source, w, evaluate, this.activityRows(this.activities, w));
    const cached = this.months?.rows(m.source, w);
    if (cached) return this.shape(head, m.source, w, evaluate, cached);
    return this.run(head, m.source, [], w, evaluate);
  }

  /** The rows the activities_count query would return, counted from the activity index. */
  private activityRows(index: ActivityIndex, w: MetricWindow): Rows {
    const groupBy = w.groupBy;
    const label = groupBy ? (day: number) => periodLabel(groupBy, periodStart(groupBy, day * DAY_MS)) : () => 'all';
    return [...index.countByDay({ from: w.from, to: w.to, owner: w.owner }, label)].map(([b, n]) => [b, n]);
  }

  custom(c: CompiledMetric, w: MetricWindow) {
    const evaluate = (rows: Rows): MetricValue => {
      if (c.aggregate === 'median') {
        const list = rows
          .map((r) => r[1])
          .filter((v): v is number => typeof v === 'number')
          .sort((a, b) => a - b);
        return { value: median(list), n: list.length };
      }
      const [value, n] = (rows[0]?.slice(1) ?? [c.aggregate === 'count' ? 0 : null, 0]) as [number | null, number];
      if (c.aggregate === 'avg') return { value: n > 0 && value !== null ? round(value / n) : null, n };
      return { value: value === null ? null : round(value), n };
    };
    return this.run({ name: c.name, label: c.label, unit: c.unit, description: c.description, custom: true }, c.source, c.params, w, evaluate);
  }

  /** One query: grouped by period when asked (the total is combined from the periods), else one group. */
  private run(
    head: { name: string; label: string; unit: MetricUnit; description: string; custom: boolean },
    source: MetricSource,
    params: unknown[],
    w: MetricWindow,
    evaluate: (rows: Rows) => MetricValue,
  ) {
    const window = `${source.dateExpr} >= ? AND ${source.dateExpr} < ?`;
    const owner = w.owner ? `AND ${source.ownerExpr} = ?` : '';
    const args = [...params, w.from, w.to, ...(w.owner ? [w.owner] : [])];
    const bucket = w.groupBy ? sqlPeriodLabel(w.groupBy, source.dateExpr) : `'all'`;
    const sql = source.sql.replace('%bucket', bucket).replace('%window', window).replace('%owner', owner);
    return this.shape(
      head,
      source,
      w,
      evaluate,
      this.statements
        .get(sql)
        .raw()
        .all(...args) as Rows,
    );
  }

  private shape(
    head: { name: string; label: string; unit: MetricUnit; description: string; custom: boolean },
    source: MetricSource,
    w: MetricWindow,
    evaluate: (rows: Rows) => MetricValue,
    rows: Rows,
  ) {
    if (!w.groupBy) return { ...head, ...evaluate(rows), series: null };
    const byBucket = new Map<string, Rows>();
    for (const row of rows) {
      const key = String(row[0]);
      let list = byBucket.get(key);
      if (!list) byBucket.set(key, (list = []));
      list.push(row);
    }
    const groupBy = w.groupBy;
    const series = periodStarts(groupBy, Date.parse(`${w.from}T00:00:00Z`), Date.parse(`${w.to}T00:00:00Z`) - 1).map((start) => {
      const label = periodLabel(groupBy, start);
      return { period: label, ...evaluate(byBucket.get(label) ?? []) };
    });
    return { ...head, ...evaluate(combine(rows, source.combine)), series };
  }
}

/** The rows of every period as the one row (or rows) of the whole window; columns after the first aggregate are counts. */
function combine(rows: Rows, how: MetricSource['combine']): Rows {
  if (how === 'rows' || rows.length === 0) return rows;
  const out: unknown[] = ['all'];
  for (let c = 1; c < rows[0].length; c++) {
    const values = rows.map((r) => r[c]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) out.push(null);
    else if (how === 'sum' || c > 1) out.push(values.reduce((a, b) => a + b, 0));
    else out.push(how === 'min' ? Math.min(...values) : Math.max(...values));
  }
  return [out];
}
