import type { Page } from '../../../shared/contract/api-types';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { STATUS_BADGE, type EmailCampaign } from './campaign-types';
import { ProgressBar } from './ProgressBar';

export function CampaignList() {
  const api = useApi();
  const [page, setPage] = useState<Page<EmailCampaign> | undefined>();
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    const load = () => api.call('email_campaigns.list', { query: { page_size: 100 } }).then(setPage, (e: unknown) => setError(asApiError(e)));
    load();
    // Progress of campaigns that are sending moves on its own.
    const timer = window.setInterval(load, 3000);
    return () => window.clearInterval(timer);
  }, [api]);
  return (
    <section className="card pad-lg" data-testid="campaign-list">
      <div className="section-head">
        <h3>Campaigns</h3>
        <a className="button primary" href="#/campaigns/new" data-testid="campaign-new">
          New campaign
        </a>
      </div>
      <ErrorBanner error={error} />
      {page && page.count === 0 && <EmptyState title="No campaigns yet">Write a template, then create a campaign for a segment of your contacts.</EmptyState>}
      {page && page.count > 0 && (
        <table className="record-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Send time</th>
            </tr>
          </thead>
          <tbody>
            {page.results.map((c) => (
              <tr key={c.id}>
                <td>
                  <a className="primary-text" href={`#/campaigns/${c.id}`}>
                    {c.name}
                  </a>
                </td>
                <td>
                  <span className={STATUS_BADGE[c.status]} data-testid="campaign-status">
                    {c.status}
                  </span>
                </td>
                <td>{c.progress.total > 0 ? <ProgressBar done={c.progress.done} total={c.progress.total} /> : <span className="muted">—</span>}</td>
                <td className="muted">
                  {c.scheduled_send ? new Date(c.scheduled_send).toLocaleString() : c.started_at ? new Date(c.started_at).toLocaleString() : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
