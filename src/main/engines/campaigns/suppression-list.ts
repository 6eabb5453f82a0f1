import type { Db } from '../../db/open-database';

export type SuppressionReason = 'unsubscribed' | 'hard_bounce';

/**
 * Addresses no campaign mails again: unsubscribes and hard bounces. Checked before every
 * batch. The relay keeps the team's copy of unsubscribes; what it reports lands here through
 * `recordTrackingEvents`.
 */
export class SuppressionList {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      add: db.prepare('INSERT INTO email_suppressions (email, contact_id, reason, campaign_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING'),
      matching: db.prepare('SELECT email FROM email_suppressions WHERE email IN (SELECT value FROM json_each(?))').pluck(),
      get: db.prepare('SELECT reason FROM email_suppressions WHERE email = ?').pluck(),
    };
  }

  add(email: string, contactId: string | null, reason: SuppressionReason, campaignId: string | null, at: string): void {
    this.sql.add.run(email.toLowerCase(), contactId, reason, campaignId, at);
  }

  /** The given addresses that are suppressed, lower-cased. */
  matching(emails: string[]): Set<string> {
    return new Set(this.sql.matching.all(JSON.stringify(emails.map((e) => e.toLowerCase()))) as string[]);
  }

  reason(email: string): SuppressionReason | null {
    return (this.sql.get.get(email.toLowerCase()) as SuppressionReason | undefined) ?? null;
  }
}
