import type { WidgetType } from '../../../../shared/contract/dashboard-operations';
import type { AnalyticsEngine } from '../../analytics';
import type { ReadContext } from './source-types';

type Forecast = ReturnType<AnalyticsEngine['forecast']>;
type FunnelResult = ReturnType<AnalyticsEngine['funnel']['run']>;
type CohortResult = ReturnType<AnalyticsEngine['cohorts']['run']>;

/**
 * The forecast as a chart: the P50 line and the P10/P90 band (series marked `band`, which the
 * line chart fills between), or the window's total on a card. What the figures mean travels
 * with them (accuracy, history sufficiency), as on the Analytics screen.
 */
export function forecastShape(f: Forecast, ctx: ReadContext) {
  const about = {
    model_accuracy: f.model_accuracy,
    forecast_trend: f.trend,
    based_on_closed_deals: f.based_on_closed_deals,
    data_sufficiency: f.data_sufficiency,
    start_date: f.start_date,
    end_date: f.end_date,
  };
  const rows = f.forecast;
  if (ctx.widgetType === 'metric_card') {
    const last = rows[rows.length - 1];
    return {
      value: last.predicted_value,
      label: ctx.label,
      trend: null,
      comparison: null,
      confidence_low: last.confidence_low,
      confidence_high: last.confidence_high,
      closed_to_date: f.closed_to_date,
      ...about,
    };
  }
  const labels = rows.map((r) => r.date);
  const predicted = { name: 'Forecast (P50)', values: rows.map((r) => r.predicted_value) };
  if (ctx.widgetType === 'bar_chart') return { labels, series: [predicted], ...about };
  return {
    labels,
    series: [
      predicted,
      { name: 'Low (P10)', values: rows.map((r) => r.confidence_low), band: 'low' },
      { name: 'High (P90)', values: rows.map((r) => r.confidence_high), band: 'high' },
    ],
    ...about,
  };
}

const stageLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Funnel stages with their counts (`value` is what the funnel draws), bars, or a table of rates and dwell. */
export function funnelShape(f: FunnelResult, widgetType: WidgetType) {
  const about = { overall_conversion: f.overall_conversion, bottleneck_stage: f.bottleneck_stage, slowest_stage: f.slowest_stage };
  const stages = f.stages.map((s) => ({ ...s, label: stageLabel(s.stage), value: s.count }));
  if (widgetType === 'funnel') return { stages, ...about };
  if (widgetType === 'bar_chart') return { labels: stages.map((s) => s.label), series: [{ name: 'Reached', values: stages.map((s) => s.count) }], ...about };
  return {
    columns: [
      { key: 'label', label: 'Stage' },
      { key: 'count', label: 'Reached' },
      { key: 'conversion_rate', label: 'From first %' },
      { key: 'step_conversion_rate', label: 'Step %' },
      { key: 'median_dwell_days', label: 'Median days' },
    ],
    rows: stages,
    count: stages.length,
    ...about,
  };
}

/**
 * Cohorts as a matrix (a row per cohort, a column per period since it started; periods a
 * young cohort has not lived through are null, not zero) or as a table.
 */
export function cohortShape(c: CohortResult, widgetType: WidgetType) {
  const width = Math.max(0, ...c.cohorts.map((k) => k.periods.length));
  const about = { metric: c.metric, period: c.period, average_retention: c.average_retention, best_cohort: c.best_cohort };
  if (widgetType === 'heatmap') {
    const matrix = c.cohorts.map((k) => Array.from({ length: width }, (_, i) => k.periods[i] ?? null));
    const max = Math.max(0, ...c.cohorts.flatMap((k) => k.periods));
    return {
      x_labels: Array.from({ length: width }, (_, i) => `+${i}`),
      y_labels: c.cohorts.map((k) => k.cohort),
      matrix,
      max,
      x_title: `${c.period}s since`,
      ...about,
    };
  }
  const columns = [
    { key: 'cohort', label: 'Cohort' },
    { key: 'size', label: 'Size' },
    ...Array.from({ length: width }, (_, i) => ({ key: `p${i}`, label: `+${i}` })),
    { key: 'retention_rate', label: 'Retention %' },
  ];
  const rows = c.cohorts.map((k) => ({
    id: k.cohort,
    cohort: k.cohort,
    size: k.size,
    retention_rate: k.retention_rate,
    ...Object.fromEntries(k.periods.map((v, i) => [`p${i}`, v])),
  }));
  return { columns, rows, count: rows.length, ...about };
}
