import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { STATUS_BADGE } from './campaign-types';
import { ProgressBar } from './ProgressBar';
import { useApiQuery } from '../../api/use-api-query';

export function CampaignList() {
  // Progress of campaigns that are sending moves on its own: read again every 3 s.
  const { data: page, error } = useApiQuery('email_campaigns.list', { query: { page_size: 100 } }, { refetchInterval: 3000 });
  return (
    <section className="card pad-lg" data-testid="campaign-list">
      <div className="section-head">
        <h3>Campaigns</h3>
        <a className="button primary" href="#/campaigns/new" data-testid="campaign-new">
          New campaign
        </a>
      </div>
      <ErrorBanner error={error ?? undefined} />
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
