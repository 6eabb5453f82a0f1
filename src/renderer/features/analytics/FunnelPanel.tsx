import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas } from '../../charts/ChartCanvas';
import { CHART_COLORS, formatNumber, formatPercent } from '../../charts/chart-format';
import { ApiUrlBar } from '../records/ApiUrlBar';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { AnalyticsFilters, FunnelAnswer } from '../../../shared/contract/analytics-types';
import { useAnalytics } from './use-analytics';

const STAGE_LABELS: Record<string, string> = {
  lead: 'Lead',
  contacted: 'Contacted',
  qualified: 'Qualified',
  prospecting: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  won: 'Won',
};

/** How far leads and deals created in the window got, from their recorded stage changes. */
export function FunnelPanel({ filters }: { filters: AnalyticsFilters }) {
  const { data, error, loading, reload, url } = useAnalytics('analytics.funnel', filters as unknown as Record<string, string>);
  const config = useMemo(() => (data ? funnelChart(data) : null), [data]);
  const empty = data && data.stages.every((s) => s.count === 0);

  return (
    <section className="card analytics-panel" data-testid="funnel-panel">
      <header className="panel-header">
        <div>
          <h3>Conversion funnel</h3>
          <p className="muted">Leads and deals created in the range, by the furthest stage they reached.</p>
        </div>
        {data && !empty && (
          <div className="badges">
            <span className="badge badge-blue">Overall {formatPercent(data.overall_conversion)}</span>
            {data.bottleneck_stage && (
              <span className="badge badge-red" data-testid="funnel-bottleneck">
                Bottleneck: {STAGE_LABELS[data.bottleneck_stage]}
              </span>
            )}
            {data.slowest_stage && <span className="badge badge-amber">Slowest: {STAGE_LABELS[data.slowest_stage]}</span>}
          </div>
        )}
      </header>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data && <p className="muted">Counting stages…</p>}
      {empty && <EmptyState title="No leads or deals in this range">Nothing was created between these dates; widen the date range.</EmptyState>}
      {data && !empty && (
        <div className="funnel-layout">
          {config && <ChartCanvas config={config} label="Funnel: records that reached each stage" testId="funnel-chart" />}
          <table className="analytics-table">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Reached</th>
                <th>Step</th>
                <th>From first</th>
                <th>Median dwell</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.stage} className={s.stage === data.bottleneck_stage ? 'bottleneck' : undefined}>
                  <td>
                    {STAGE_LABELS[s.stage] ?? s.stage}
                    {s.stage === data.bottleneck_stage && <span className="marker"> bottleneck</span>}
                  </td>
                  <td>{formatNumber(s.count)}</td>
                  <td>{formatPercent(s.step_conversion_rate)}</td>
                  <td>{formatPercent(s.conversion_rate)}</td>
                  <td>
                    {s.median_dwell_days === null ? '—' : `${formatNumber(s.median_dwell_days)} d`}
                    {s.stage === data.slowest_stage && <span className="marker slow"> slowest</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ApiUrlBar url={url} />
    </section>
  );
}

function funnelChart(data: FunnelAnswer): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: data.stages.map((s) => STAGE_LABELS[s.stage] ?? s.stage),
      datasets: [
        {
          label: 'Reached',
          data: data.stages.map((s) => s.count),
          backgroundColor: data.stages.map((s) => (s.stage === data.bottleneck_stage ? CHART_COLORS.red : CHART_COLORS.accent)),
          borderRadius: 4,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const s = data.stages[ctx.dataIndex];
              return `${formatNumber(s.count)} reached · step ${formatPercent(s.step_conversion_rate)} · dwell ${s.median_dwell_days ?? '—'} d`;
            },
          },
        },
      },
      scales: { x: { beginAtZero: true } },
    },
  };
}
