import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { BUILTIN_METRICS, ROW_METRICS, type MetricSource, type MetricUnit, type MetricValue } from './builtin-metrics';
import { median, periodLabel, periodStarts, round, sqlPeriodLabel, type Period } from './periods';

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

/** Evaluates built-in and compiled metrics over a window, as a total and per period. */
export class MetricsRunner {
  private readonly statements: StatementCache;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  builtin(name: string, w: MetricWindow) {
    const m = BUILTIN_METRICS[name];
    const rows = ROW_METRICS.has(name);
    const evaluate = (cols: unknown[][]) => (rows ? m.value(cols.map((c) => c.slice(1)) as number[][]) : m.value((cols[0]?.slice(1) ?? []) as (number | null)[]));
    return this.run({ name, label: m.label, unit: m.unit, description: m.description, custom: false }, m.source, [], w, evaluate);
  }

  custom(c: CompiledMetric, w: MetricWindow) {
    const evaluate = (cols: unknown[][]): MetricValue => {
      if (c.aggregate === 'median') {
        const list = cols.map((r) => r[1] as number).filter((v) => typeof v === 'number').sort((a, b) => a - b);
        return { value: median(list), n: list.length };
      }
      const [value, n] = (cols[0]?.slice(1) ?? [c.aggregate === 'count' ? 0 : null, 0]) as [number | null, number];
      return { value: value === null ? null : round(value), n };
    };
    return this.run({ name: c.name, label: c.label, unit: c.unit, description: c.description, custom: true }, c.source, c.params, w, evaluate);
  }

  private run(
    head: { name: string; label: string; unit: MetricUnit; description: string; custom: boolean },
    source: MetricSource, params: unknown[], w: MetricWindow, evaluate: (cols: unknown[][]) => MetricValue,
  ) {
    const window = `${source.dateExpr} >= ? AND ${source.dateExpr} < ?`;
    const owner = w.owner ? `AND ${source.ownerExpr} = ?` : '';
    const args = [...params, w.from, w.to, ...(w.owner ? [w.owner] : [])];
    const sql = (bucket: string) => source.sql.replace('%bucket', bucket).replace('%window', window).replace('%owner', owner);
    const total = evaluate(this.statements.get(sql(`'all'`)).raw().all(...args) as unknown[][]);
    let series: ({ period: string } & MetricValue)[] | null = null;
    if (w.groupBy) {
      const byBucket = new Map<string, unknown[][]>();
      for (const row of this.statements.get(sql(sqlPeriodLabel(w.groupBy, source.dateExpr))).raw().all(...args) as unknown[][]) {
        const key = String(row[0]);
        let list = byBucket.get(key);
        if (!list) byBucket.set(key, (list = []));
        list.push(row);
      }
      const end = Date.parse(`${w.to}T00:00:00Z`) - 1;
      const groupBy = w.groupBy;
      series = periodStarts(groupBy, Date.parse(`${w.from}T00:00:00Z`), end).map((start) => {
        const label = periodLabel(groupBy, start);
        return { period: label, ...evaluate(byBucket.get(label) ?? []) };
      });
    }
    return { ...head, ...total, series };
  }
}
