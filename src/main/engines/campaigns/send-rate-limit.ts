import type { Db } from '../../db/open-database';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Per-minute and per-hour sending limits (spec security note 4), counted from the durable
 * log of SMTP attempts, so a restart does not reset the window.
 */
export class SendRateLimit {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      since: db.prepare('SELECT count(*) FROM email_sends WHERE at > ?').pluck(),
      oldestSince: db.prepare('SELECT at FROM email_sends WHERE at > ? ORDER BY at LIMIT 1 OFFSET ?').pluck(),
      record: db.prepare('INSERT INTO email_sends (kind, at) VALUES (?, ?)'),
      prune: db.prepare('DELETE FROM email_sends WHERE at <= ?'),
    };
  }

  record(kind: 'campaign' | 'test', at: Date): void {
    this.sql.record.run(kind, at.toISOString());
  }

  /** How many more sends now; 0 with the time until one is allowed. */
  allowance(now: Date, perMinute: number | null, perHour: number | null): { allowed: number; waitMs: number } {
    let allowed = Number.POSITIVE_INFINITY;
    let waitMs = 0;
    for (const [limit, window] of [
      [perMinute, MINUTE],
      [perHour, HOUR],
    ] as const) {
      if (limit === null) continue;
      const from = new Date(now.getTime() - window).toISOString();
      const used = this.sql.since.get(from) as number;
      const left = Math.max(0, limit - used);
      allowed = Math.min(allowed, left);
      if (left === 0) {
        // The send that leaves the window first frees a slot.
        const oldest = this.sql.oldestSince.get(from, used - limit) as string | undefined;
        if (oldest) waitMs = Math.max(waitMs, Date.parse(oldest) + window - now.getTime() + 1);
      }
    }
    return { allowed, waitMs };
  }

  prune(now: Date): void {
    this.sql.prune.run(new Date(now.getTime() - HOUR).toISOString());
  }
}
