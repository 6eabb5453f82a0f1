import type { Db } from '../../db/open-database';

export type RecipientState = 'held' | 'queued' | 'sending' | 'sent' | 'bounced' | 'failed' | 'suppressed';

export interface RecipientRow {
  campaign_id: string;
  contact_id: string;
  email: string;
  token: string;
  variant: string | null;
  state: RecipientState;
  seq: number;
  attempts: number;
  message_id: string;
  error: string | null;
  sent_at: string | null;
  opened_at: string | null;
  machine_opened_at: string | null;
  clicked_at: string | null;
  unsubscribed_at: string | null;
}

export interface NewRecipient {
  contact_id: string;
  email: string;
  token: string;
  variant: string | null;
  state: 'held' | 'queued';
  seq: number;
  message_id: string;
}

/**
 * The per-recipient send log: the state machine queued -> sending -> sent | bounced | failed,
 * each step its own committed write, so a kill at any point leaves a state a restart can
 * read. Local to this install (the install that sends owns its log).
 */
export class RecipientsStore {
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO campaign_recipients (campaign_id, contact_id, email, token, variant, state, seq, message_id)
         VALUES (@campaign_id, @contact_id, @email, @token, @variant, @state, @seq, @message_id)`,
      ),
      next: db.prepare(
        // Walks the (state, campaign_id, seq) index in order: no sort of the whole queue per batch.
        `SELECT r.* FROM campaign_recipients r
         WHERE r.state = 'queued' AND r.campaign_id IN (SELECT id FROM email_campaigns WHERE status = 'sending') ORDER BY r.campaign_id, r.seq LIMIT ?`,
      ),
      claim: db.prepare(
        "UPDATE campaign_recipients SET state = 'sending', attempts = attempts + 1 WHERE campaign_id = ? AND contact_id = ? AND state = 'queued'",
      ),
      finish: db.prepare(
        'UPDATE campaign_recipients SET state = @state, error = @error, sent_at = @sent_at WHERE campaign_id = @campaign_id AND contact_id = @contact_id',
      ),
      requeueClaims: db.prepare("UPDATE campaign_recipients SET state = 'queued' WHERE state = 'sending'"),
      byToken: db.prepare('SELECT * FROM campaign_recipients WHERE token = ?'),
      release: db.prepare(
        "UPDATE campaign_recipients SET state = 'queued', variant = @variant WHERE campaign_id = @campaign_id AND state = 'held' AND contact_id = @contact_id",
      ),
      held: db.prepare("SELECT contact_id FROM campaign_recipients WHERE campaign_id = ? AND state = 'held' ORDER BY seq"),
      open: db.prepare("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND state IN ('held', 'queued', 'sending')").pluck(),
      counts: db.prepare('SELECT state, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state'),
      mark: db.prepare(
        'UPDATE campaign_recipients SET opened_at = coalesce(opened_at, @opened_at), machine_opened_at = coalesce(machine_opened_at, @machine_opened_at), clicked_at = coalesce(clicked_at, @clicked_at), unsubscribed_at = coalesce(unsubscribed_at, @unsubscribed_at) WHERE token = @token',
      ),
      suppressQueued: db.prepare(
        "UPDATE campaign_recipients SET state = 'suppressed', error = @reason WHERE campaign_id = @campaign_id AND contact_id = @contact_id AND state = 'queued'",
      ),
    };
  }

  insertMany(campaignId: string, rows: NewRecipient[]): void {
    for (const r of rows) this.sql.insert.run({ campaign_id: campaignId, ...r });
  }

  nextQueued(limit: number): RecipientRow[] {
    return this.sql.next.all(limit) as RecipientRow[];
  }

  /** The durable claim written before the SMTP call; false when someone else moved the row. */
  claim(r: RecipientRow): boolean {
    return this.sql.claim.run(r.campaign_id, r.contact_id).changes === 1;
  }

  finish(r: RecipientRow, state: 'sent' | 'bounced' | 'failed' | 'queued', error: string | null, sentAt: string | null): void {
    this.sql.finish.run({ campaign_id: r.campaign_id, contact_id: r.contact_id, state, error, sent_at: sentAt });
  }

  suppress(r: RecipientRow, reason: string): void {
    this.sql.suppressQueued.run({ campaign_id: r.campaign_id, contact_id: r.contact_id, reason });
  }

  /**
   * At start: claims a previous process left unconfirmed go back to the queue. They are sent
   * again with the same Message-ID (see campaign-sender for why).
   */
  requeueUnconfirmed(): number {
    return this.sql.requeueClaims.run().changes;
  }

  byToken(token: string): RecipientRow | undefined {
    return this.sql.byToken.get(token) as RecipientRow | undefined;
  }

  heldContacts(campaignId: string): string[] {
    return (this.sql.held.all(campaignId) as { contact_id: string }[]).map((r) => r.contact_id);
  }

  release(campaignId: string, contactIds: string[], variant: string): void {
    this.db.transaction(() => {
      for (const id of contactIds) this.sql.release.run({ campaign_id: campaignId, contact_id: id, variant });
    })();
  }

  openCount(campaignId: string): number {
    return this.sql.open.get(campaignId) as number;
  }

  stateCounts(campaignId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql.counts.all(campaignId) as { state: string; n: number }[]) out[r.state] = r.n;
    return out;
  }

  markEvent(token: string, marks: { opened_at?: string; machine_opened_at?: string; clicked_at?: string; unsubscribed_at?: string }): void {
    this.sql.mark.run({ token, opened_at: null, machine_opened_at: null, clicked_at: null, unsubscribed_at: null, ...marks });
  }
}
