import type { Db } from '../../db/open-database';
import type { CampaignEvents } from './campaign-events';

export type { CampaignStats, StatsCounts } from '../../../shared/contract/campaign-types';
import type { CampaignStats, StatsCounts } from '../../../shared/contract/campaign-types';

interface Row {
  variant: string | null;
  total: number;
  delivered: number;
  bounced: number;
  failed: number;
  suppressed: number;
  waiting: number;
  opened: number;
  machine: number;
  clicked: number;
  unsubscribed: number;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10_000) / 100);

function counts(r: Omit<Row, 'variant'>): StatsCounts {
  // The spec's figures: sent counts every message handed to SMTP (bounces included),
  // delivered the accepted ones; open and click rates are over delivered, bounces over sent.
  const sent = r.delivered + r.bounced;
  return {
    total_recipients: r.total,
    sent,
    delivered: r.delivered,
    opened: r.opened,
    clicked: r.clicked,
    bounced: r.bounced,
    unsubscribed: r.unsubscribed,
    open_rate: pct(r.opened, r.delivered),
    click_rate: pct(r.clicked, r.delivered),
    bounce_rate: pct(r.bounced, sent),
    machine_opened: r.machine,
    queued: r.waiting,
    failed: r.failed,
    suppressed: r.suppressed,
  };
}

/** Unique counts per campaign and per variant, from the recipients' state and first marks. */
export class CampaignStatsReader {
  private readonly sql;

  constructor(
    db: Db,
    private readonly events: CampaignEvents,
  ) {
    this.sql = db.prepare(
      `SELECT variant, count(*) AS total,
         sum(state = 'sent') AS delivered, sum(state = 'bounced') AS bounced, sum(state = 'failed') AS failed,
         sum(state = 'suppressed') AS suppressed, sum(state IN ('held', 'queued', 'sending')) AS waiting,
         count(opened_at) AS opened, sum(opened_at IS NULL AND machine_opened_at IS NOT NULL) AS machine,
         count(clicked_at) AS clicked, count(unsubscribed_at) AS unsubscribed
       FROM campaign_recipients WHERE campaign_id = ? GROUP BY variant ORDER BY variant`,
    );
  }

  stats(campaignId: string): CampaignStats {
    const rows = this.sql.all(campaignId) as Row[];
    const total = rows.reduce<Omit<Row, 'variant'>>(
      (acc, r) => {
        for (const k of Object.keys(acc) as (keyof typeof acc)[]) acc[k] += Number(r[k] ?? 0);
        return acc;
      },
      { total: 0, delivered: 0, bounced: 0, failed: 0, suppressed: 0, waiting: 0, opened: 0, machine: 0, clicked: 0, unsubscribed: 0 },
    );
    const variants = rows.filter((r) => r.variant !== null).map((r) => ({ variant: r.variant!, ...counts(r) }));
    return { ...counts(total), variants, hourly: this.events.hourly(campaignId) };
  }
}
