import type { DataSource, ReadContext } from './source-types';
import type { SourceDeps } from './source-deps';
import { SCOPE_PARAMS, entityOf } from './record-scope';
import { metricCard, round } from './shapes';
import { periodBuckets } from './time-buckets';

export const METRICS = ['count', 'sum', 'avg'] as const;
export const INTERVALS = ['day', 'week', 'month', 'quarter'] as const;
const MAX_GROUPS = 50;
const MAX_BUCKETS = 400;
const NUMERIC = new Set(['int', 'decimal']);
const GROUPABLE = new Set(['enum', 'ref', 'text', 'bool', 'int', 'email']);

function measureSql(params: Record<string, unknown>, fields: Record<string, { expr: string }>): string {
  const metric = String(params.metric ?? 'count');
  if (metric === 'count') return 'count(*)';
  const expr = fields[String(params.field)].expr;
  return metric === 'sum' ? `coalesce(sum(${expr}), 0)` : `coalesce(avg(${expr}), 0)`;
}

/** A date bucket in the viewer's zone: datetimes shift by the zone's offset at the period start. */
export function bucketSql(expr: string, isDate: boolean, interval: string, offsetMinutes: number): string {
  const at = isDate ? expr : `${expr}, '${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes'`;
  switch (interval) {
    case 'day':
      return `strftime('%Y-%m-%d', ${at})`;
    case 'week':
      return `date(${at}, '-6 days', 'weekday 1')`;
    case 'quarter':
      return `strftime('%Y', ${at}) || '-Q' || ((cast(strftime('%m', ${at}) AS integer) + 2) / 3)`;
    default:
      return `strftime('%Y-%m', ${at})`;
  }
}

/**
 * Count, sum or average of any entity's records (list filters, custom fields included): one
 * figure with its trend, per value of a field, or per day / week / month / quarter.
 */
export function aggregateSource(deps: SourceDeps): DataSource {
  const read = (ctx: ReadContext) => {
    const { params, viewer, now, widgetType } = ctx;
    const valueFor = (range: ReturnType<typeof deps.scopes.resolve>) => {
      const scope = deps.scopes.scope(params, viewer, now, range);
      return Number(
        deps.statements
          .get(`SELECT ${measureSql(params, scope.fields)} FROM ${scope.entity.table} t ${scope.sql}`)
          .pluck()
          .get(...scope.params) ?? 0,
      );
    };
    if (widgetType === 'metric_card') return metricCard(ctx, deps.scopes, valueFor);
    const period = deps.scopes.resolve(params, viewer, now);
    const scope = deps.scopes.scope(params, viewer, now, period);
    const measure = measureSql(params, scope.fields);
    let rows: { k: string | number | null; v: number }[];
    if (params.group_by !== undefined) {
      const key = scope.fields[String(params.group_by)].expr;
      rows = deps.statements
        .get(`SELECT ${key} AS k, ${measure} AS v FROM ${scope.entity.table} t ${scope.sql} GROUP BY 1 ORDER BY 2 DESC LIMIT ${MAX_GROUPS}`)
        .all(...scope.params) as typeof rows;
    } else {
      const dateField = scope.fields[String(params.date_field ?? 'created_at')];
      const interval = String(params.interval ?? 'month');
      const isDate = dateField.def.kind === 'date';
      const buckets = period && deps.indexes.leads(scope.entity.table, dateField.expr) ? periodBuckets(period, interval, isDate) : null;
      if (buckets) {
        // One ranged read of the date field's index per bucket; empty buckets are left out as the GROUP BY leaves them.
        const stmt = deps.statements.get(
          `SELECT count(*) AS n, ${measure} AS v FROM ${scope.entity.table} t ${scope.sql} AND ${dateField.expr} >= ? AND ${dateField.expr} < ?`,
        );
        rows = buckets.map((b) => ({ k: b.key, ...(stmt.get(...scope.params, b.from, b.to) as { n: number; v: number }) })).filter((r) => r.n > 0);
      } else {
        const key = bucketSql(dateField.expr, isDate, interval, period?.offsetMinutes ?? 0);
        rows = deps.statements
          .get(`SELECT ${key} AS k, ${measure} AS v FROM ${scope.entity.table} t ${scope.sql} GROUP BY 1 ORDER BY 1 LIMIT ${MAX_BUCKETS}`)
          .all(...scope.params) as typeof rows;
      }
    }
    const labels =
      params.group_by !== undefined
        ? deps.labels.label(
            scope.fields[String(params.group_by)],
            rows.map((r) => r.k),
          )
        : rows.map((r) => String(r.k ?? '(none)'));
    const name = `${String(params.metric ?? 'count')}${params.field ? ` of ${String(params.field)}` : ''}`;
    return { labels, series: [{ name, values: rows.map((r) => round(r.v)) }], period: period?.period ?? null };
  };
  return {
    name: 'records_aggregate',
    label: 'Count, sum or average of records',
    description:
      "A figure with its trend (metric_card), per value of a field (group_by), or per day, week, month or quarter (interval) of any entity's records.",
    widgetTypes: ['metric_card', 'bar_chart', 'line_chart', 'pie_chart'],
    params: {
      ...SCOPE_PARAMS,
      metric: { type: 'enum', options: METRICS, default: 'count', description: 'count, sum or avg' },
      field: { type: 'field', description: 'The number field summed or averaged (sum and avg)' },
      group_by: { type: 'field', description: 'One bar or slice per value of this field (bar_chart, pie_chart)' },
      interval: { type: 'enum', options: INTERVALS, description: 'One point per period of date_field (line_chart; bar_chart without group_by)' },
    },
    entities: (p) => [String(p.entity)],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors, widgetType) => {
      deps.scopes.check(p, viewer, errors);
      if (widgetType === 'pie_chart' && p.group_by === undefined) errors['query_params.group_by'] = ['A pie chart needs a field to slice by.'];
      if (widgetType === 'line_chart' && p.group_by !== undefined)
        errors['query_params.group_by'] = ['A line chart runs over time: give interval, not group_by.'];
      if (errors['query_params.entity']) return;
      const fields = deps.scopes.fields(entityOf(p), viewer);
      const metric = String(p.metric ?? 'count');
      if (metric !== 'count') {
        const f = fields[String(p.field)];
        if (!f || !NUMERIC.has(f.def.kind) || f.via) errors['query_params.field'] = [`A number field of ${String(p.entity)} is required for ${metric}.`];
      }
      if (p.group_by !== undefined) {
        const f = fields[String(p.group_by)];
        if (!f || f.via || !GROUPABLE.has(f.def.kind)) errors['query_params.group_by'] = [`Cannot group ${String(p.entity)} by "${String(p.group_by)}".`];
      }
    },
    read,
  };
}

export { measureSql };
