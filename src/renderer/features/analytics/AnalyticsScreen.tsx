import { useState } from 'react';
import type { SessionUser } from '../../api/token-store';
import { CohortPanel } from './CohortPanel';
import { ForecastPanel } from './ForecastPanel';
import { FunnelPanel } from './FunnelPanel';
import { MetricsPanel } from './MetricsPanel';
import type { AnalyticsFilters } from '../../../shared/contract/analytics-types';
import { useApiQuery } from '../../api/use-api-query';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function lastYear(): AnalyticsFilters {
  const end = new Date();
  const start = new Date(end.getTime() - 364 * 86_400_000);
  return { start_date: isoDay(start), end_date: isoDay(end), owner: '' };
}

/** The Monday screen: forecast, funnel, cohorts and metrics over one date range and owner. */
export function AnalyticsScreen({ user }: { user: SessionUser }) {
  const [filters, setFilters] = useState<AnalyticsFilters>(lastYear);
  // The same cache entry as Settings' user list; no owner choice when it cannot be read.
  const users = useApiQuery('users.list', { query: { page_size: 100, ordering: 'username' } }).data?.results ?? [];
  const set = (key: keyof AnalyticsFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <div className="stack analytics-screen">
      <section className="page-header analytics-header">
        <div>
          <h2>Analytics</h2>
          <p className="muted">How the pipeline is doing and where it is heading.</p>
        </div>
        <div className="header-actions analytics-filters">
          <label className="inline-field">
            <span>From</span>
            <input type="date" value={filters.start_date} max={filters.end_date} onChange={set('start_date')} data-testid="analytics-start" />
          </label>
          <label className="inline-field">
            <span>To</span>
            <input type="date" value={filters.end_date} min={filters.start_date} onChange={set('end_date')} data-testid="analytics-end" />
          </label>
          <label className="inline-field">
            <span>Owner</span>
            <select value={filters.owner} onChange={set('owner')} data-testid="analytics-owner">
              <option value="">Everyone</option>
              <option value={user.id}>Me</option>
              {users
                .filter((u) => u.id !== user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.full_name || u.username}
                  </option>
                ))}
            </select>
          </label>
        </div>
      </section>
      <ForecastPanel filters={filters} />
      <div className="analytics-grid">
        <FunnelPanel filters={filters} />
        <MetricsPanel filters={filters} />
      </div>
      <CohortPanel filters={filters} />
    </div>
  );
}
