import type { SqlDriver } from './sql-driver';

export interface TrackingEventRow {
  id: number;
  token: string;
  event: 'open' | 'click' | 'unsubscribe';
  at: string;
  url: string | null;
  machine: boolean;
}

export interface SuppressionRow {
  id: number;
  /** Keyed hash of the lower-cased address (see `email-hash` in the campaigns engine). */
  email_hash: string;
  token: string | null;
  at: string;
}

/** The public email endpoints' data: per-team tracking keys, events and suppressions. */
export interface TrackingStore {
  /** The team's key, created on first use. Undefined when the team does not exist. */
  keyFor(teamId: string, fresh: () => string): Promise<string | undefined>;
  /** The team's key if one was ever created (the public endpoints never create one). */
  existingKey(teamId: string): Promise<string | undefined>;
  addEvent(teamId: string, e: Omit<TrackingEventRow, 'id'>): Promise<void>;
  eventsSince(teamId: string, since: number, limit: number): Promise<TrackingEventRow[]>;
  suppress(teamId: string, emailHash: string, token: string, at: string): Promise<void>;
  suppressionsSince(teamId: string, since: number, limit: number): Promise<SuppressionRow[]>;
  /** Which of these hashes are suppressed. */
  suppressed(teamId: string, hashes: string[]): Promise<string[]>;
}

export function createSqlTrackingStore(db: SqlDriver): TrackingStore {
  return {
    async keyFor(teamId, fresh) {
      const [team] = await db.query('SELECT 1 FROM teams WHERE id = $1', [teamId]);
      if (!team) return undefined;
      await db.query('INSERT INTO tracking_keys (team_id, key) VALUES ($1, $2) ON CONFLICT (team_id) DO NOTHING', [teamId, fresh()]);
      return this.existingKey(teamId);
    },
    async existingKey(teamId) {
      const [row] = await db.query<{ key: string }>('SELECT key FROM tracking_keys WHERE team_id = $1', [teamId]);
      return row?.key;
    },
    async addEvent(teamId, e) {
      await db.query('INSERT INTO tracking_events (team_id, token, event, at, url, machine) VALUES ($1, $2, $3, $4, $5, $6)', [
        teamId,
        e.token,
        e.event,
        e.at,
        e.url,
        e.machine,
      ]);
    },
    async eventsSince(teamId, since, limit) {
      const rows = await db.query<TrackingEventRow>(
        `SELECT id::int8 AS id, token, event, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, url, machine
         FROM tracking_events WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [teamId, since, limit],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
    async suppress(teamId, emailHash, token, at) {
      await db.query(
        `INSERT INTO suppressions (team_id, email, reason, token, created_at) VALUES ($1, $2, 'unsubscribed', $3, $4)
        ON CONFLICT (team_id, email) DO NOTHING`,
        [teamId, emailHash, token, at],
      );
    },
    async suppressionsSince(teamId, since, limit) {
      const rows = await db.query<SuppressionRow>(
        `SELECT id::int8 AS id, email AS email_hash, token, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM suppressions WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [teamId, since, limit],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
    async suppressed(teamId, hashes) {
      if (hashes.length === 0) return [];
      const rows = await db.query<{ email: string }>('SELECT email FROM suppressions WHERE team_id = $1 AND email = ANY($2::text[])', [teamId, hashes]);
      return rows.map((r) => r.email);
    },
  };
}
