import type { Db } from '../../db/open-database';

import { CAMPAIGN_STATES, type CampaignStatus } from '../../../shared/contract/campaign-types';

export { CAMPAIGN_STATES };
export type CampaignState = CampaignStatus;

export interface CampaignRow {
  id: string;
  name: string;
  template: string | null;
  /** JSON list of {key, subject?, template?} */
  variants: string | null;
  /** JSON {test_share, metric, duration_minutes, winner?, test_ends_at?} */
  ab_test: string | null;
  segment_filter: string;
  scheduled_send: string | null;
  from_email: string;
  from_name: string | null;
  track_clicks: number;
  status: CampaignState;
  failure: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * The one home of campaign definitions (list/get/put/delete), shared with the team later
 * through the synced document store. Per-recipient send state lives apart (recipients-store):
 * it is this install's work log, not a definition.
 */
export class CampaignsStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare('SELECT * FROM email_campaigns WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM email_campaigns WHERE (@status IS NULL OR status = @status)').pluck(),
      page: db.prepare(
        'SELECT * FROM email_campaigns WHERE (@status IS NULL OR status = @status) ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset',
      ),
      byStatus: db.prepare('SELECT * FROM email_campaigns WHERE status = ? ORDER BY created_at, id'),
      usingTemplate: db
        .prepare(
          "SELECT count(*) FROM email_campaigns WHERE template = @id OR EXISTS (SELECT 1 FROM json_each(coalesce(variants, '[]')) WHERE json_extract(value, '$.template') = @id)",
        )
        .pluck(),
      put: db.prepare(
        `INSERT INTO email_campaigns (id, name, template, variants, ab_test, segment_filter, scheduled_send, from_email, from_name, track_clicks, status, failure, created_by, created_at, updated_at, started_at, finished_at)
         VALUES (@id, @name, @template, @variants, @ab_test, @segment_filter, @scheduled_send, @from_email, @from_name, @track_clicks, @status, @failure, @created_by, @created_at, @updated_at, @started_at, @finished_at)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, template = excluded.template, variants = excluded.variants, ab_test = excluded.ab_test,
           segment_filter = excluded.segment_filter, scheduled_send = excluded.scheduled_send, from_email = excluded.from_email, from_name = excluded.from_name,
           track_clicks = excluded.track_clicks, status = excluded.status, failure = excluded.failure, updated_at = excluded.updated_at,
           started_at = excluded.started_at, finished_at = excluded.finished_at`,
      ),
      remove: db.prepare('DELETE FROM email_campaigns WHERE id = ?'),
    };
  }

  list(status: string | null, limit: number, offset: number): { count: number; rows: CampaignRow[] } {
    return { count: this.sql.count.get({ status }) as number, rows: this.sql.page.all({ status, limit, offset }) as CampaignRow[] };
  }

  get(id: string): CampaignRow | undefined {
    return this.sql.get.get(id) as CampaignRow | undefined;
  }

  withStatus(status: CampaignState): CampaignRow[] {
    return this.sql.byStatus.all(status) as CampaignRow[];
  }

  countUsingTemplate(templateId: string): number {
    return this.sql.usingTemplate.get({ id: templateId }) as number;
  }

  put(row: CampaignRow): void {
    this.sql.put.run(row);
  }

  delete(id: string): void {
    this.sql.remove.run(id);
  }
}
