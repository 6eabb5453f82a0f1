import { AppError } from '../../../../shared/errors';
import {
  ANALYTICS_PERIODS,
  BUILTIN_METRIC_NAMES,
  COHORT_METRICS,
  DEFAULT_FUNNEL,
  FUNNEL_STAGE_NAMES,
  MAX_COHORTS,
  MAX_FORECAST_PERIODS,
  periodsFrom,
  type AnalyticsEngine,
} from '../../analytics';
import { comparisonLabel, previousPeriod, PERIODS, resolvePeriod, today, type Period, type ResolvedPeriod } from '../periods';
import type { DataSource, DataViewer, ReadContext } from './source-types';
import { forecastShape, funnelShape, cohortShape } from './analytics-shapes';
import { round, trend } from './shapes';

const OWNER = { type: 'string', description: "Only this user's records (a user id); `me` is the viewer" } as const;
/** Periods and bucket sizes of the analytics endpoints (`period=day|week|month`). */
const BUCKET = { type: 'enum', options: ANALYTICS_PERIODS } as const;

const ownerOf = (p: Record<string, unknown>, viewer: DataViewer): string | null =>
  p.owner === undefined ? null : p.owner === 'me' ? viewer.id : String(p.owner);
const perViewer = (p: Record<string, unknown>) => (p.owner === 'me' ? ('user' as const) : ('role' as const));

/** The viewer's calendar day as the analytics engine counts days (UTC midnight of that date, ms). */
function viewerToday(ctx: ReadContext): number {
  return Date.parse(`${today(ctx.now, ctx.viewer.timezone).date}T00:00:00Z`);
}

/** A bucket size that gives a readable chart for the period. */
function defaultGroupBy(period: Period): 'day' | 'week' | 'month' {
  if (/year|365/.test(period)) return 'month';
  if (/quarter|90/.test(period)) return 'week';
  return 'day';
}

function checkOwner(analytics: AnalyticsEngine, p: Record<string, unknown>, errors: Record<string, string[]>): void {
  if (p.owner !== undefined && p.owner !== 'me' && !analytics.isUser(String(p.owner)))
    errors['query_params.owner'] = ['Unknown user id; give a user id or `me`.'];
}

/** A metric of the team's own whose filter the viewer's role cannot apply is named in the widget's error. */
function metricFor(
  analytics: AnalyticsEngine,
  name: string,
  range: ResolvedPeriod,
  groupBy: 'day' | 'week' | 'month' | null,
  owner: string | null,
  viewer: DataViewer,
) {
  try {
    return analytics.metric(name, { from: range.startDate, to: range.endDate, groupBy, owner }, viewer);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
    throw new AppError('validation_failed', `The metric "${name}" does not apply for you.`, { 'query_params.metric': [e.message] });
  }
}

function metricSource(analytics: AnalyticsEngine): DataSource {
  return {
    name: 'metric',
    label: 'Analytics metric',
    description: "A built-in analytics metric or one of the team's own, over a period (value and trend, or per day/week/month).",
    widgetTypes: ['metric_card', 'line_chart', 'bar_chart', 'goal'],
    params: {
      metric: { type: 'string', required: true, description: `A built-in metric (${BUILTIN_METRIC_NAMES.join(', ')}) or the name of a metric definition` },
      period: { type: 'period', options: PERIODS, default: 'this_month', description: 'A relative period' },
      group_by: { ...BUCKET, description: 'Bucket size of charts (default by period length)' },
      owner: OWNER,
      target: { type: 'number', minimum: 0, description: 'The figure to reach (goal widgets)' },
    },
    entities: () => ['opportunity', 'lead', 'contact', 'company', 'task', 'activity', 'metric_definition'],
    dependsOn: perViewer,
    check: (p, _viewer, errors, widgetType) => {
      if (!analytics.hasMetric(String(p.metric)))
        errors['query_params.metric'] = [`Unknown metric; a built-in one (${BUILTIN_METRIC_NAMES.join(', ')}) or a metric definition's name.`];
      if (widgetType === 'goal' && p.target === undefined) errors['query_params.target'] = ['Required for a goal widget.'];
      checkOwner(analytics, p, errors);
    },
    read: (ctx) => {
      const p = ctx.params;
      const name = String(p.metric);
      const period = (p.period ?? 'this_month') as Period;
      const owner = ownerOf(p, ctx.viewer);
      const range = resolvePeriod(period, ctx.now, ctx.viewer.timezone);
      if (ctx.widgetType === 'line_chart' || ctx.widgetType === 'bar_chart') {
        const m = metricFor(analytics, name, range, (p.group_by ?? defaultGroupBy(period)) as 'day' | 'week' | 'month', owner, ctx.viewer)!;
        return { labels: m.series!.map((s) => s.period), series: [{ name: m.label, values: m.series!.map((s) => s.value ?? 0) }], unit: m.unit, period };
      }
      const current = metricFor(analytics, name, range, null, owner, ctx.viewer)!;
      const value = current.value ?? 0;
      if (ctx.widgetType === 'goal') {
        const target = Number(p.target);
        return { target, current: value, percent: target > 0 ? Math.round((value / target) * 1000) / 10 : 100, label: ctx.label, period };
      }
      const previous = metricFor(analytics, name, previousPeriod(period, ctx.now, ctx.viewer.timezone), null, owner, ctx.viewer)!;
      const before = previous.value ?? 0;
      return {
        value: round(value),
        label: ctx.label,
        trend: trend(value, before),
        comparison: comparisonLabel(period),
        previous_value: round(before),
        period,
        unit: current.unit,
        n: current.n,
      };
    },
  };
}

function forecastSource(analytics: AnalyticsEngine): DataSource {
  return {
    name: 'forecast',
    label: 'Sales forecast',
    description: 'Forecast bookings from today with the P10-P90 band (simulated pipeline plus run rate), per day, week or month.',
    widgetTypes: ['line_chart', 'bar_chart', 'metric_card'],
    params: {
      period: { ...BUCKET, default: 'month', description: 'Bucket size' },
      periods: { type: 'integer', minimum: 1, maximum: MAX_FORECAST_PERIODS, default: 6, description: 'How many buckets ahead, from the current one' },
      owner: OWNER,
    },
    entities: () => ['opportunity'],
    dependsOn: perViewer,
    check: (p, _viewer, errors) => checkOwner(analytics, p, errors),
    read: (ctx) => {
      const p = ctx.params;
      const now = viewerToday(ctx);
      const period = (p.period ?? 'month') as 'day' | 'week' | 'month';
      const { starts, end } = periodsFrom(period, now, Number(p.periods ?? 6));
      return forecastShape(analytics.forecast({ starts, end, period, now }, ownerOf(p, ctx.viewer)), ctx);
    },
  };
}

function funnelSource(analytics: AnalyticsEngine): DataSource {
  return {
    name: 'funnel',
    label: 'Conversion funnel',
    description: 'Leads and deals created in the period that reached each stage (from recorded transitions), with conversion and dwell.',
    widgetTypes: ['funnel', 'bar_chart', 'table'],
    params: {
      period: { type: 'period', options: PERIODS, default: 'last_365_days', description: 'Records created in this relative period' },
      stages: { type: 'string_list', options: FUNNEL_STAGE_NAMES, description: `Stages shown (default ${DEFAULT_FUNNEL.join(', ')})` },
      owner: OWNER,
    },
    entities: () => ['lead', 'opportunity'],
    dependsOn: perViewer,
    check: (p, _viewer, errors) => checkOwner(analytics, p, errors),
    read: (ctx) => {
      const p = ctx.params;
      const range = resolvePeriod((p.period ?? 'last_365_days') as Period, ctx.now, ctx.viewer.timezone);
      const stages = Array.isArray(p.stages) && p.stages.length ? (p.stages as string[]) : DEFAULT_FUNNEL;
      const result = analytics.funnel.run({ stages, from: range.startDate, to: range.endDate, owner: ownerOf(p, ctx.viewer) });
      return funnelShape(result, ctx.widgetType);
    },
  };
}

function cohortSource(analytics: AnalyticsEngine): DataSource {
  return {
    name: 'cohort',
    label: 'Cohort analysis',
    description: 'Contacts by the period they were created in (first won deal for revenue): retention, revenue or activity per period since.',
    widgetTypes: ['heatmap', 'table'],
    params: {
      metric: { type: 'enum', options: COHORT_METRICS, default: 'retention', description: 'What each cell shows' },
      period: { ...BUCKET, default: 'month', description: 'Cohort size' },
      cohorts: { type: 'integer', minimum: 1, maximum: MAX_COHORTS, default: 12, description: 'How many complete periods back' },
      owner: OWNER,
    },
    entities: () => ['contact', 'opportunity', 'activity'],
    dependsOn: perViewer,
    check: (p, _viewer, errors) => checkOwner(analytics, p, errors),
    read: (ctx) => {
      const p = ctx.params;
      const result = analytics.cohorts.run({
        metric: (p.metric ?? 'retention') as (typeof COHORT_METRICS)[number],
        period: (p.period ?? 'month') as 'day' | 'week' | 'month',
        cohorts: Number(p.cohorts ?? 12),
        owner: ownerOf(p, ctx.viewer),
        now: viewerToday(ctx),
      });
      return cohortShape(result, ctx.widgetType);
    },
  };
}

/**
 * The analytics-backed sources (metric, forecast, funnel, cohort): the analytics engine's own
 * computations, with the dashboards' relative periods resolved in the viewer's time zone and
 * the result shaped for the widget type. Passed to the dashboards engine at the composition root.
 */
export function analyticsSources(analytics: AnalyticsEngine): DataSource[] {
  return [metricSource(analytics), forecastSource(analytics), funnelSource(analytics), cohortSource(analytics)];
}

/** Listed in the catalogue, not usable: a dashboards engine built without the analytics engine (tests). */
export const ANALYTICS_SOURCES: readonly DataSource[] = analyticsSources(null as unknown as AnalyticsEngine).map((s) => ({
  ...s,
  read: null,
  check: undefined,
}));
