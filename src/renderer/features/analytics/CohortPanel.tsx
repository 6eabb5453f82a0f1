import { useState } from 'react';
import { formatCurrency, formatNumber, formatPercent } from '../../charts/chart-format';
import { ApiUrlBar } from '../records/ApiUrlBar';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { AnalyticsFilters } from '../../../shared/contract/analytics-types';
import { useAnalytics } from './use-analytics';

const METRICS = { retention: 'Retention', revenue: 'Revenue', activity: 'Activity' } as const;
type Metric = keyof typeof METRICS;

/** Cohorts as a heatmap table: each cohort shows only the periods it has lived through. */
export function CohortPanel({ filters }: { filters: AnalyticsFilters }) {
  const [metric, setMetric] = useState<Metric>('retention');
  const { data, error, loading, reload, url } = useAnalytics('analytics.cohort', { metric, period: 'month', cohorts: 12, owner: filters.owner });
  const width = Math.max(0, ...(data?.cohorts.map((c) => c.periods.length) ?? [0]));
  const max = Math.max(1, ...(data?.cohorts.flatMap((c) => c.periods) ?? [1]));
  const empty = data && data.cohorts.every((c) => c.size === 0);
  const show = (v: number) => (metric === 'retention' ? formatPercent(v) : metric === 'revenue' ? formatCurrency(v) : formatNumber(v));

  return (
    <section className="card analytics-panel" data-testid="cohort-panel">
      <header className="panel-header">
        <div>
          <h3>Cohorts</h3>
          <p className="muted">
            {metric === 'revenue'
              ? 'Customers by the month of their first won deal: revenue won per month since.'
              : metric === 'retention'
                ? 'Contacts by the month they were added: share with an activity in each month since.'
                : 'Contacts by the month they were added: activities per month since.'}
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Cohort metric">
          {(Object.keys(METRICS) as Metric[]).map((m) => (
            <button key={m} type="button" className={metric === m ? 'active' : ''} aria-pressed={metric === m} onClick={() => setMetric(m)}>
              {METRICS[m]}
            </button>
          ))}
        </div>
      </header>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data && <p className="muted">Building cohorts…</p>}
      {empty && (
        <EmptyState title="No cohorts yet">
          {metric === 'revenue' ? 'No deal was won in the last twelve months.' : 'No contact was added in the last twelve months.'}
        </EmptyState>
      )}
      {data && !empty && (
        <>
          <div className="badges">
            {data.average_retention !== null && (
              <span className="badge badge-blue">
                Average {metric === 'retention' ? 'retention' : 'kept'}: {formatPercent(data.average_retention)}
              </span>
            )}
            {data.best_cohort && <span className="badge badge-green">Best cohort: {data.best_cohort}</span>}
          </div>
          <div className="cohort-scroll">
            <table className="analytics-table cohort-table" data-testid="cohort-table">
              <thead>
                <tr>
                  <th>Cohort</th>
                  <th>Size</th>
                  {Array.from({ length: width }, (_, k) => (
                    <th key={k}>+{k}</th>
                  ))}
                  <th>{metric === 'retention' ? 'Latest' : 'Last / first'}</th>
                </tr>
              </thead>
              <tbody>
                {data.cohorts.map((c) => (
                  <tr key={c.cohort}>
                    <td>{c.cohort}</td>
                    <td>{formatNumber(c.size)}</td>
                    {Array.from({ length: width }, (_, k) =>
                      k < c.periods.length ? (
                        <td
                          key={k}
                          className="heat"
                          style={{
                            background: `rgba(37, 99, 235, ${(0.08 + 0.72 * (c.periods[k] / max)).toFixed(3)})`,
                            color: c.periods[k] / max > 0.55 ? '#fff' : undefined,
                          }}
                        >
                          {show(c.periods[k])}
                        </td>
                      ) : (
                        <td key={k} className="not-lived" aria-label="not lived yet" />
                      ),
                    )}
                    <td>{formatPercent(c.retention_rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <ApiUrlBar url={url} />
    </section>
  );
}
