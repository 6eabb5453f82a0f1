import { useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas } from '../../charts/ChartCanvas';
import { CHART_COLORS, formatByUnit, formatCurrencyCompact } from '../../charts/chart-format';
import { ApiUrlBar } from '../records/ApiUrlBar';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { AnalyticsFilters, MetricDefinition, MetricValue } from '../../../shared/contract/analytics-types';
import { useAnalytics } from './use-analytics';
import { useApiQuery } from '../../api/use-api-query';

const BUILT_IN: Record<string, string> = {
  revenue_won: 'Revenue won',
  win_rate: 'Win rate',
  avg_deal_size: 'Average deal size',
  sales_velocity: 'Sales velocity',
  pipeline_value: 'Pipeline value',
  weighted_pipeline: 'Weighted pipeline',
  deals_won: 'Deals won',
  deals_lost: 'Deals lost',
  avg_sales_cycle_days: 'Average sales cycle',
  lead_conversion_rate: 'Lead conversion rate',
  new_leads: 'New leads',
  activities_count: 'Activities',
};
const TILES = ['revenue_won', 'win_rate', 'avg_deal_size', 'sales_velocity', 'pipeline_value', 'new_leads'];
const GROUPS = ['day', 'week', 'month'] as const;

/** Headline figures of the range, and one metric (built-in or the team's own) per period. */
export function MetricsPanel({ filters }: { filters: AnalyticsFilters }) {
  const [picked, setPicked] = useState('revenue_won');
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]>('month');
  // None offered when they cannot be read.
  const definitions: MetricDefinition[] = useApiQuery('metric_definitions.list', {}).data?.results ?? [];
  const names = [...new Set([...TILES, picked])].join(',');
  const { data, error, loading, reload, url } = useAnalytics('analytics.metrics', { metrics: names, group_by: groupBy, ...filters });
  const metric = data?.metrics[picked];
  const config = useMemo(() => (metric ? metricChart(metric) : null), [metric]);
  const empty = metric && (metric.series ?? []).every((p) => p.value === null || p.value === 0);

  return (
    <section className="card analytics-panel" data-testid="metrics-panel">
      <header className="panel-header">
        <div>
          <h3>Metrics</h3>
          <p className="muted">Over the date range; deals count in the period they closed.</p>
        </div>
        <div className="header-actions">
          <label className="inline-field">
            <span>Metric</span>
            <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="metric-picker">
              <optgroup label="Built-in">
                {Object.entries(BUILT_IN).map(([name, label]) => (
                  <option key={name} value={name}>
                    {label}
                  </option>
                ))}
              </optgroup>
              {definitions.length > 0 && (
                <optgroup label="Your KPIs">
                  {definitions.map((d) => (
                    <option key={d.id} value={d.name}>
                      {d.label}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Group by">
            {GROUPS.map((g) => (
              <button key={g} type="button" className={groupBy === g ? 'active' : ''} aria-pressed={groupBy === g} onClick={() => setGroupBy(g)}>
                By {g}
              </button>
            ))}
          </div>
        </div>
      </header>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data && <p className="muted">Computing metrics…</p>}
      {data && (
        <div className="metric-tiles">
          {TILES.map((name) => {
            const m = data.metrics[name];
            return (
              <div key={name} className="metric-tile" data-testid={`metric-${name}`}>
                <span className="metric-label">{m.label}</span>
                <span className="metric-value">{formatByUnit(m.value, m.unit)}</span>
                <span className="muted metric-note">{note(m)}</span>
              </div>
            );
          })}
        </div>
      )}
      {metric && empty && <EmptyState title={`No ${metric.label.toLowerCase()} in this range`}>{metric.description}</EmptyState>}
      {metric && !empty && config && <ChartCanvas config={config} label={`${metric.label} per ${groupBy}`} height={240} testId="metrics-chart" />}
      <ApiUrlBar url={url} />
    </section>
  );
}

function note(m: MetricValue): string {
  const parts: string[] = [];
  if (m.n !== undefined) parts.push(`n = ${m.n}`);
  if (m.median !== undefined && m.median !== null) parts.push(`median ${formatByUnit(m.median, m.unit)}`);
  return parts.join(' · ');
}

function metricChart(m: MetricValue): ChartConfiguration {
  const series = m.series ?? [];
  const money = m.unit === 'currency' || m.unit === 'currency_per_day';
  return {
    type: 'bar',
    data: {
      labels: series.map((p) => p.period),
      datasets: [{ label: m.label, data: series.map((p) => p.value), backgroundColor: m.custom ? CHART_COLORS.violet : CHART_COLORS.accent, borderRadius: 3 }],
    },
    options: {
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => `${m.label}: ${formatByUnit(ctx.parsed.y, m.unit)}` } } },
      scales: {
        y: { beginAtZero: true, ticks: { callback: (v) => (money ? formatCurrencyCompact(v) : formatByUnit(Number(v), m.unit)) } },
        x: { ticks: { maxTicksLimit: 16 } },
      },
    },
  };
}
