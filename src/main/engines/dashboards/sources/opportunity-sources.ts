import { OPPORTUNITY_STAGES } from '../../../../shared/entities/enums';
import { PERIODS } from '../periods';
import type { DataSource } from './source-types';
import type { SourceDeps } from './source-deps';
import { METRICS, measureSql } from './aggregate-source';
import { metricCard, round } from './shapes';

/** `won` and `lost` name the closed stages; `open` is every stage not closed. */
export const STAGE_CHOICES = ['won', 'lost', 'open', 'closed', 'all', ...OPPORTUNITY_STAGES] as const;
const OPEN_STAGES = OPPORTUNITY_STAGES.filter((s) => !s.startsWith('closed_'));
const STAGE_FILTER: Record<string, string | undefined> = {
  won: 'closed_won',
  lost: 'closed_lost',
  open: OPEN_STAGES.join(','),
  closed: 'closed_won,closed_lost',
  all: undefined,
};
const ownerFilter = (p: Record<string, unknown>): Record<string, string> => (p.owner === undefined ? {} : { owner: String(p.owner) });

function stageFilters(p: Record<string, unknown>): Record<string, string> {
  const stage = String(p.stage ?? 'all');
  const value = stage in STAGE_FILTER ? STAGE_FILTER[stage] : stage;
  return { ...((p.filters ?? {}) as Record<string, string>), ...(value === undefined ? {} : { stage__in: value }), ...ownerFilter(p) };
}

/**
 * The value of opportunities in a stage over a period (the spec's example widget:
 * `{"stage": "won", "this_month": true}`). A closed deal counts on the day it closed, an
 * open one on its expected close date.
 */
export function opportunitiesValueSource(deps: SourceDeps): DataSource {
  return {
    name: 'opportunities_value',
    label: 'Opportunity value',
    description: 'Sum (or count, or average) of opportunity amounts in a stage over a period; closed deals by the day they closed.',
    widgetTypes: ['metric_card'],
    params: {
      stage: { type: 'enum', options: STAGE_CHOICES, default: 'all', description: '`won` and `lost` are the closed stages, `open` every other; or one stage' },
      period: { type: 'period', options: PERIODS, description: 'A relative period; the flag form `"this_month": true` works too' },
      ...Object.fromEntries(PERIODS.map((p) => [p, { type: 'boolean', description: `Same as period: "${p}"` }])),
      metric: { type: 'enum', options: METRICS, default: 'sum', description: 'sum (default), count or avg of amount' },
      owner: { type: 'string', description: "Only this owner's deals; `me` is the viewer" },
      filters: { type: 'filters', description: 'More opportunity filters in the list grammar' },
    },
    entities: () => ['opportunity'],
    dependsOn: (p) => (p.owner === 'me' || JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => {
      if (PERIODS.filter((x) => p[x] === true).length + (p.period === undefined ? 0 : 1) > 1) errors['query_params.period'] = ['Give one period.'];
      deps.scopes.check({ entity: 'opportunity', filters: stageFilters(p) }, viewer, errors);
    },
    read: (ctx) => {
      const p = ctx.params;
      const closed = ['won', 'lost', 'closed', 'closed_won', 'closed_lost'].includes(String(p.stage));
      const dateExpr = closed ? 'coalesce(t.actual_close_date, t.close_date)' : 't.close_date';
      const metric = { metric: p.metric ?? 'sum', field: 'amount' };
      return metricCard(ctx, deps.scopes, (range) => {
        const scope = deps.scopes.scope({ entity: 'opportunity', filters: stageFilters(p) }, ctx.viewer, ctx.now, null);
        const sql = range ? `${scope.sql} AND ${dateExpr} >= ? AND ${dateExpr} < ?` : scope.sql;
        const values = range ? [...scope.params, range.startDate, range.endDate] : scope.params;
        return Number(
          deps.statements
            .get(`SELECT ${measureSql(metric, scope.fields)} FROM opportunities t ${sql}`)
            .pluck()
            .get(...values) ?? 0,
        );
      });
    },
  };
}

/**
 * Open pipeline by stage from the opportunities' current stages: a placeholder for the funnel
 * widget until the analytics engine's conversion funnel is wired in (the `funnel` source).
 */
export function opportunitiesByStageSource(deps: SourceDeps): DataSource {
  return {
    name: 'opportunities_by_stage',
    label: 'Opportunities by stage',
    description: 'How many opportunities (and how much) sit in each stage now, in pipeline order.',
    widgetTypes: ['funnel', 'bar_chart', 'pie_chart', 'table'],
    params: {
      include_closed: { type: 'boolean', default: false, description: 'Also count closed_won and closed_lost' },
      measure: { type: 'enum', options: ['count', 'amount'], default: 'count', description: 'What the bars or stages show' },
      period: { type: 'period', options: PERIODS, description: 'Only deals expected to close in this period' },
      owner: { type: 'string', description: "Only this owner's deals; `me` is the viewer" },
      filters: { type: 'filters', description: 'More opportunity filters in the list grammar' },
    },
    entities: () => ['opportunity'],
    dependsOn: (p) => (p.owner === 'me' || JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) =>
      deps.scopes.check({ entity: 'opportunity', filters: { ...((p.filters ?? {}) as Record<string, string>), ...ownerFilter(p) } }, viewer, errors),
    read: ({ params: p, viewer, now, widgetType }) => {
      const stages = p.include_closed === true ? [...OPPORTUNITY_STAGES] : OPEN_STAGES;
      const period = deps.scopes.resolve(p, viewer, now);
      const scope = deps.scopes.scope(
        { entity: 'opportunity', filters: { ...((p.filters ?? {}) as Record<string, string>), ...ownerFilter(p) }, date_field: 'close_date' },
        viewer,
        now,
        period,
        { stage__in: stages.join(',') },
      );
      const rows = deps.statements
        .get(`SELECT t.stage AS stage, count(*) AS n, coalesce(sum(t.amount), 0) AS amount FROM opportunities t ${scope.sql} GROUP BY 1`)
        .all(...scope.params) as { stage: string; n: number; amount: number }[];
      const byStage = new Map(rows.map((r) => [r.stage, r]));
      const list = stages.map((s) => ({ stage: s, label: s.replace(/_/g, ' '), count: byStage.get(s)?.n ?? 0, amount: round(byStage.get(s)?.amount ?? 0) }));
      const values = list.map((s) => (p.measure === 'amount' ? s.amount : s.count));
      if (widgetType === 'funnel') return { stages: list.map((s, i) => ({ ...s, value: values[i] })) };
      if (widgetType === 'table') {
        return {
          columns: [
            { key: 'label', label: 'Stage' },
            { key: 'count', label: 'Deals' },
            { key: 'amount', label: 'Amount' },
          ],
          rows: list,
          count: list.length,
        };
      }
      return { labels: list.map((s) => s.label), series: [{ name: p.measure === 'amount' ? 'Amount' : 'Deals', values }] };
    },
  };
}
