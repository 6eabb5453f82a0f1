import { useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { CampaignChart } from './CampaignChart';
import { STATUS_BADGE, type EmailCampaign } from './campaign-types';
import { ProgressBar } from './ProgressBar';
import { useQueryClient } from '@tanstack/react-query';
import { apiQueryKey } from '../../api/query-keys';
import { useApiQuery } from '../../api/use-api-query';

type CampaignAction = 'pause' | 'resume' | 'cancel';
const ACTIONS: Record<string, CampaignAction[]> = {
  scheduled: ['pause', 'cancel'],
  sending: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  draft: ['cancel'],
};

/** One campaign: its state and progress (polled while it sends), its stats and charts. */
export function CampaignDetail({ id }: { id: string }) {
  const api = useApi();
  const client = useQueryClient();
  const [actionError, setError] = useState<Error | undefined>();
  // Progress and stats move on their own while it sends: read again every second.
  const retrieved = useApiQuery('email_campaigns.retrieve', { params: { id } }, { refetchInterval: 1000 });
  const { data: stats, error: statsError } = useApiQuery('email_campaigns.stats', { params: { id } }, { refetchInterval: 1000 });
  const campaign = retrieved.data;
  const setCampaign = (next: EmailCampaign) => client.setQueryData(apiQueryKey('email_campaigns.retrieve', { id }), next);
  const error = actionError ?? retrieved.error ?? statsError ?? undefined;

  const act = (action: CampaignAction) =>
    api.call(`email_campaigns.${action}`, { params: { id }, body: {} }).then(setCampaign, (e: unknown) => setError(asApiError(e)));
  const hourly = useMemo<ChartConfiguration | undefined>(
    () =>
      stats && {
        type: 'line',
        data: {
          labels: stats.hourly.map((h) => h.hour.slice(5, 16).replace('T', ' ')),
          datasets: [
            { label: 'Opens', data: stats.hourly.map((h) => h.opens), borderColor: '#2563eb', backgroundColor: '#2563eb' },
            { label: 'Clicks', data: stats.hourly.map((h) => h.clicks), borderColor: '#16a34a', backgroundColor: '#16a34a' },
          ],
        },
      },
    [JSON.stringify(stats?.hourly)],
  );
  const perVariant = useMemo<ChartConfiguration | undefined>(
    () =>
      stats && stats.variants.length > 0
        ? {
            type: 'bar',
            data: {
              labels: stats.variants.map((v) => `Variant ${v.variant}`),
              datasets: [
                { label: 'Open rate %', data: stats.variants.map((v) => v.open_rate), backgroundColor: '#2563eb' },
                { label: 'Click rate %', data: stats.variants.map((v) => v.click_rate), backgroundColor: '#16a34a' },
              ],
            },
          }
        : undefined,
    [JSON.stringify(stats?.variants)],
  );

  if (!campaign || !stats) return <section className="card pad-lg">{error ? <ErrorBanner error={error} /> : <p className="muted">Loading…</p>}</section>;
  const cards: [string, string | number][] = [
    ['Recipients', stats.total_recipients],
    ['Sent', stats.sent],
    ['Delivered', stats.delivered],
    ['Opened', `${stats.opened} (${stats.open_rate}%)`],
    ['Clicked', `${stats.clicked} (${stats.click_rate}%)`],
    ['Bounced', `${stats.bounced} (${stats.bounce_rate}%)`],
    ['Unsubscribed', stats.unsubscribed],
    ['Machine opens', stats.machine_opened],
  ];
  return (
    <section className="card pad-lg form-stack" data-testid="campaign-detail">
      <div className="section-head">
        <h3>
          {campaign.name}{' '}
          <span className={STATUS_BADGE[campaign.status]} data-testid="campaign-status">
            {campaign.status}
          </span>
        </h3>
        <div className="row-actions">
          {['draft', 'scheduled', 'paused'].includes(campaign.status) && (
            <a className="button" href={`#/campaigns/${id}?edit=1`}>
              Edit
            </a>
          )}
          {(ACTIONS[campaign.status] ?? []).map((a) => (
            <button key={a} type="button" className="button" onClick={() => void act(a)} data-testid={`campaign-${a}`}>
              {a[0].toUpperCase() + a.slice(1)}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner error={error} />
      {campaign.failure && <div className="alert error">{campaign.failure}</div>}
      <p className="muted small">
        From {campaign.from_name ? `${campaign.from_name} <${campaign.from_email}>` : campaign.from_email}.{' '}
        {campaign.status === 'scheduled' &&
          campaign.scheduled_send &&
          `This install sends it at ${new Date(campaign.scheduled_send).toLocaleString()} (or when it next starts, if closed then). `}
        {!campaign.tracking && 'No team relay: no open or click tracking; recipients unsubscribe by email.'}
      </p>
      {campaign.progress.total > 0 && <ProgressBar done={campaign.progress.done} total={campaign.progress.total} />}
      {campaign.ab_test && (
        <p className="small" data-testid="campaign-ab-state">
          A/B test on {Math.round(campaign.ab_test.test_share * 100)}% by {campaign.ab_test.winner_metric}
          {campaign.ab_test.winner
            ? `: variant ${campaign.ab_test.winner} won and went to the rest.`
            : campaign.ab_test.test_ends_at
              ? `; the winner goes out at ${new Date(campaign.ab_test.test_ends_at).toLocaleString()}.`
              : '.'}
        </p>
      )}
      <div className="campaign-stats" data-testid="campaign-stats">
        {cards.map(([label, value]) => (
          <div className="campaign-stat" key={label}>
            <span className="muted small">{label}</span>
            <strong>{value}</strong>
          </div>
        ))}
      </div>
      <div className="campaign-charts">
        {hourly && stats.hourly.length > 0 && <CampaignChart config={hourly} label="Opens and clicks per hour" testId="chart-hourly" />}
        {stats.hourly.length === 0 && (
          <p className="muted small">No opens or clicks recorded yet{campaign.tracking ? '' : ' (tracking needs the team relay)'}.</p>
        )}
        {perVariant && <CampaignChart config={perVariant} label="Rates per variant" testId="chart-variants" />}
      </div>
    </section>
  );
}
