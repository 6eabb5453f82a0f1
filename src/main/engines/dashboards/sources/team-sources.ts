import type { DataSource } from './source-types';
import type { SourceDeps } from './source-deps';
import { METRICS, measureSql } from './aggregate-source';
import { SCOPE_PARAMS, entityOf } from './record-scope';
import { metricCard, round } from './shapes';

const NUMERIC = new Set(['int', 'decimal']);
/** Who a record counts for, per entity, when the widget does not say. */
const OWNER_FIELD: Record<string, string> = {
  activity: 'user',
  task: 'assigned_to',
  opportunity: 'owner',
  lead: 'owner',
  company: 'owner',
  contact: 'assigned_to',
};

function checkMeasure(
  deps: SourceDeps,
  p: Record<string, unknown>,
  viewer: Parameters<NonNullable<DataSource['check']>>[1],
  errors: Record<string, string[]>,
): void {
  deps.scopes.check(p, viewer, errors);
  if (errors['query_params.entity'] || typeof p.entity !== 'string') return;
  const fields = deps.scopes.fields(entityOf(p), viewer);
  if ((p.metric ?? 'count') !== 'count') {
    const f = fields[String(p.field)];
    if (!f || f.via || !NUMERIC.has(f.def.kind)) errors['query_params.field'] = [`A number field of ${String(p.entity)} is required for ${String(p.metric)}.`];
  }
}

/** People ranked by a count or sum of their records over a period (calls logged, revenue won). */
export function leaderboardSource(deps: SourceDeps): DataSource {
  return {
    name: 'leaderboard',
    label: 'Leaderboard by owner',
    description: 'Teammates ranked by the count, sum or average of their records (activities logged, amount won) over a period.',
    widgetTypes: ['leaderboard', 'bar_chart', 'table'],
    params: {
      ...SCOPE_PARAMS,
      metric: { type: 'enum', options: METRICS, default: 'count', description: 'count, sum or avg' },
      field: { type: 'field', description: 'The number field for sum and avg' },
      owner_field: { type: 'field', description: 'The user field a record counts for (default: owner, user or assigned_to)' },
      limit: { type: 'integer', minimum: 1, maximum: 50, default: 10, description: 'How many people' },
    },
    entities: (p) => [String(p.entity)],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => {
      checkMeasure(deps, p, viewer, errors);
      if (errors['query_params.entity'] || typeof p.entity !== 'string') return;
      const f = deps.scopes.fields(entityOf(p), viewer)[String(p.owner_field ?? OWNER_FIELD[String(p.entity)])];
      if (!f || f.def.kind !== 'ref' || f.def.ref !== 'user') errors['query_params.owner_field'] = ['A field of the entity naming a user.'];
    },
    read: ({ params: p, viewer, now, widgetType }) => {
      const period = deps.scopes.resolve(p, viewer, now);
      const scope = deps.scopes.scope(p, viewer, now, period);
      const ownerField = scope.fields[String(p.owner_field ?? OWNER_FIELD[scope.entity.name])];
      const rows = deps.statements
        .get(
          `SELECT ${ownerField.expr} AS k, ${measureSql(p, scope.fields)} AS v FROM ${scope.entity.table} t ${scope.sql} AND ${ownerField.expr} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`,
        )
        .all(...scope.params, Number(p.limit ?? 10)) as { k: string; v: number }[];
      const names = deps.labels.label(
        ownerField,
        rows.map((r) => r.k),
      );
      const ranked = rows.map((r, i) => ({ rank: i + 1, user: { id: r.k, name: names[i] }, value: round(r.v), is_you: r.k === viewer.id }));
      if (widgetType === 'bar_chart') return { labels: names, series: [{ name: String(p.metric ?? 'count'), values: ranked.map((r) => r.value) }] };
      if (widgetType === 'table') {
        return {
          count: ranked.length,
          columns: [
            { key: 'rank', label: '#' },
            { key: 'name', label: 'Name' },
            { key: 'value', label: 'Value' },
          ],
          rows: ranked.map((r) => ({ id: r.user.id, rank: r.rank, name: r.user.name, value: r.value })),
        };
      }
      return { rows: ranked, period: period?.period ?? null };
    },
  };
}

/** A target and the progress towards it: a count or sum of records over a period. */
export function goalSource(deps: SourceDeps): DataSource {
  return {
    name: 'goal',
    label: 'Goal: target and progress',
    description: 'Progress of a count, sum or average of records over a period towards a target.',
    widgetTypes: ['goal', 'metric_card'],
    params: {
      target: { type: 'number', required: true, minimum: 0, description: 'The figure to reach' },
      ...SCOPE_PARAMS,
      metric: { type: 'enum', options: METRICS, default: 'count', description: 'count, sum or avg' },
      field: { type: 'field', description: 'The number field for sum and avg' },
    },
    entities: (p) => [String(p.entity)],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => checkMeasure(deps, p, viewer, errors),
    read: (ctx) => {
      const { params: p, viewer, now } = ctx;
      const valueFor = (range: ReturnType<typeof deps.scopes.resolve>) => {
        const scope = deps.scopes.scope(p, viewer, now, range);
        return Number(
          deps.statements
            .get(`SELECT ${measureSql(p, scope.fields)} FROM ${scope.entity.table} t ${scope.sql}`)
            .pluck()
            .get(...scope.params) ?? 0,
        );
      };
      if (ctx.widgetType === 'metric_card') return metricCard(ctx, deps.scopes, valueFor);
      const current = round(valueFor(deps.scopes.resolve(p, viewer, now)));
      const target = Number(p.target);
      return { target, current, percent: target > 0 ? Math.round((current / target) * 1000) / 10 : 100, label: ctx.label, period: deps.scopes.period(p) };
    },
  };
}
