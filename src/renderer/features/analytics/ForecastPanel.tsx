import { useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas } from '../../charts/ChartCanvas';
import { CHART_COLORS, formatCurrency, formatCurrencyCompact } from '../../charts/chart-format';
import { ApiUrlBar } from '../records/ApiUrlBar';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { AnalyticsFilters, ForecastAnswer } from '../../../shared/contract/analytics-types';
import { useAnalytics } from './use-analytics';

const HORIZONS = { day: 30, week: 13, month: 6 } as const;
type Period = keyof typeof HORIZONS;

/** Bookings ahead: the P50 line in its shaded P10-P90 band, what has closed, and the two parts. */
export function ForecastPanel({ filters }: { filters: AnalyticsFilters }) {
  const [period, setPeriod] = useState<Period>('week');
  const { data, error, loading, reload, url } = useAnalytics('analytics.forecast', { period, periods: HORIZONS[period], owner: filters.owner });
  const config = useMemo(() => (data ? forecastChart(data) : null), [data]);
  const nothing = data !== undefined && data.based_on_closed_deals === 0 && data.components.pipeline.open_deals === 0;

  return (
    <section className="card analytics-panel" data-testid="forecast-panel">
      <header className="panel-header">
        <div>
          <h3>Forecast of bookings</h3>
          <p className="muted">Median and 80% band of won amounts from today, cumulative.</p>
        </div>
        <div className="segmented" role="group" aria-label="Forecast period">
          {(Object.keys(HORIZONS) as Period[]).map((p) => (
            <button key={p} type="button" className={period === p ? 'active' : ''} aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {HORIZONS[p]} {p}s
            </button>
          ))}
        </div>
      </header>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data && <p className="muted">Simulating the pipeline…</p>}
      {data && (
        <>
          <div className="badges">
            <span className="badge badge-blue" data-testid="forecast-based-on">
              Based on {data.based_on_closed_deals} closed deals
            </span>
            <span className="badge badge-violet" data-testid="forecast-backtest">
              {backtestText(data)}
            </span>
            <span className={`badge ${data.trend === 'downward' ? 'badge-red' : data.trend === 'upward' ? 'badge-green' : ''}`}>Trend: {data.trend}</span>
            {!data.data_sufficiency.sufficient && (
              <span className="badge badge-amber" title={data.data_sufficiency.message}>
                Thin history
              </span>
            )}
          </div>
          {nothing ? (
            <EmptyState title="Nothing to forecast yet">
              No closed deals to learn from and no open deals: add opportunities and close some to see a forecast.
            </EmptyState>
          ) : (
            config && <ChartCanvas config={config} label="Forecast of bookings with its 80% band" testId="forecast-chart" />
          )}
          {!nothing && (
            <dl className="figures">
              <div>
                <dt>Median by the end</dt>
                <dd>{formatCurrency(data.forecast.at(-1)?.predicted_value)}</dd>
              </div>
              <div>
                <dt>80% band</dt>
                <dd>
                  {formatCurrency(data.forecast.at(-1)?.confidence_low)} – {formatCurrency(data.forecast.at(-1)?.confidence_high)}
                </dd>
              </div>
              <div>
                <dt>Open pipeline part</dt>
                <dd>
                  {formatCurrency(data.components.pipeline.predicted_value)}{' '}
                  <small className="muted">
                    ({data.components.pipeline.open_deals} deals
                    {data.components.pipeline.stale_deals_excluded ? `, ${data.components.pipeline.stale_deals_excluded} stale left out` : ''})
                  </small>
                </dd>
              </div>
              <div>
                <dt>Run-rate part</dt>
                <dd>{formatCurrency(data.components.run_rate.predicted_value)}</dd>
              </div>
            </dl>
          )}
          {!nothing && !data.data_sufficiency.sufficient && <p className="muted small-note">{data.data_sufficiency.message}</p>}
        </>
      )}
      <ApiUrlBar url={url} />
    </section>
  );
}

function backtestText(data: ForecastAnswer): string {
  const a = data.accuracy;
  if (a.band_coverage === null) return 'Backtest: not enough history yet';
  const mape = a.mape === null ? '' : `, median off by ${Math.round(a.mape * 100)}%`;
  return `Backtest: band held the actual in ${Math.round(a.band_coverage * 100)}% of ${a.cutoffs} past ${a.horizon_days}-day windows${mape}`;
}

function forecastChart(data: ForecastAnswer): ChartConfiguration {
  const labels = data.forecast.map((r) => r.date);
  // Typed as a line chart: against the union of every registered chart type (funnel, matrix,
  // geo plugins included) the checker gives up on this literal.
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'P10', data: data.forecast.map((r) => r.confidence_low), borderWidth: 0, pointRadius: 0, fill: false },
        {
          label: '80% band (P10–P90)',
          data: data.forecast.map((r) => r.confidence_high),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: CHART_COLORS.accentSoft,
          fill: '-1',
        },
        {
          label: 'Forecast (P50)',
          data: data.forecast.map((r) => r.predicted_value),
          borderColor: CHART_COLORS.accent,
          backgroundColor: CHART_COLORS.accent,
          borderWidth: 2,
          pointRadius: 0,
        },
        {
          label: 'Closed to date',
          data: data.forecast.map((r) => r.closed_to_date),
          borderColor: CHART_COLORS.green,
          backgroundColor: CHART_COLORS.green,
          borderWidth: 2,
          pointRadius: 2,
        },
        {
          label: 'Open pipeline part',
          data: data.forecast.map((r) => r.pipeline),
          borderColor: CHART_COLORS.violet,
          backgroundColor: CHART_COLORS.violet,
          borderDash: [6, 4],
          borderWidth: 1.5,
          pointRadius: 0,
        },
        {
          label: 'Run-rate part',
          data: data.forecast.map((r) => r.run_rate),
          borderColor: CHART_COLORS.amber,
          backgroundColor: CHART_COLORS.amber,
          borderDash: [2, 3],
          borderWidth: 1.5,
          pointRadius: 0,
        },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { filter: (item) => item.text !== 'P10', boxWidth: 14 } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatCurrency(ctx.parsed.y)}` }, filter: (item) => item.dataset.label !== 'P10' },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatCurrencyCompact(v) } }, x: { ticks: { maxTicksLimit: 12 } } },
    },
  };
  return config as unknown as ChartConfiguration;
}
