import type { Db } from '../../db/open-database';

export type EmailEventKind = 'sent' | 'open' | 'click' | 'unsubscribe' | 'bounce';

/**
 * The email events of each recipient: what the stats' time series and the contact's timeline
 * read. One row per event (opens and clicks repeat; unique counts come from the recipients).
 */
export class CampaignEvents {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      add: db.prepare('INSERT INTO email_events (campaign_id, contact_id, variant, event, machine, url, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      series: db.prepare(
        `SELECT substr(at, 1, 13) || ':00:00Z' AS hour, event, count(*) AS n FROM email_events
         WHERE campaign_id = ? AND event IN ('open', 'click') AND machine = 0 GROUP BY hour, event ORDER BY hour`,
      ),
    };
  }

  add(
    r: { campaign_id: string; contact_id: string; variant: string | null },
    event: EmailEventKind,
    at: string,
    extra: { machine?: boolean; url?: string | null } = {},
  ): void {
    this.sql.add.run(r.campaign_id, r.contact_id, r.variant, event, extra.machine ? 1 : 0, extra.url ?? null, at);
  }

  /** Human opens and clicks per hour. */
  hourly(campaignId: string): { hour: string; opens: number; clicks: number }[] {
    const byHour = new Map<string, { hour: string; opens: number; clicks: number }>();
    for (const r of this.sql.series.all(campaignId) as { hour: string; event: string; n: number }[]) {
      const h = byHour.get(r.hour) ?? { hour: r.hour, opens: 0, clicks: 0 };
      if (r.event === 'open') h.opens = r.n;
      else h.clicks = r.n;
      byHour.set(r.hour, h);
    }
    return [...byHour.values()];
  }
}
