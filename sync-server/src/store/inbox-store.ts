import type { SqlDriver } from './sql-driver';

export interface InboxItem {
  inbox_id: number;
  account_id: string;
  from_account_id: string;
  notification_id: string;
  payload: string;
  created_at: string;
}

/** Per-user notification inbox; deliveries are recorded per device so each device gets each item once. */
export interface InboxStore {
  /** Adds the item unless this user already has this notification id; returns it only when new. */
  add(teamId: string, item: Omit<InboxItem, 'inbox_id' | 'created_at'>): Promise<InboxItem | undefined>;
  pending(teamId: string, accountId: string, deviceId: string, limit: number): Promise<InboxItem[]>;
  markDelivered(teamId: string, accountId: string, deviceId: string, inboxIds: number[]): Promise<void>;
}

const ITEM = 'id::int8 AS inbox_id, account_id, from_account_id, notification_id, payload, created_at::text AS created_at';

export function createSqlInboxStore(db: SqlDriver): InboxStore {
  return {
    async add(teamId, item) {
      const [row] = await db.query<InboxItem>(
        `INSERT INTO inbox (team_id, account_id, notification_id, from_account_id, payload) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id, account_id, notification_id) DO NOTHING RETURNING ${ITEM}`,
        [teamId, item.account_id, item.notification_id, item.from_account_id, item.payload],
      );
      return row ? { ...row, inbox_id: Number(row.inbox_id) } : undefined;
    },
    async pending(teamId, accountId, deviceId, limit) {
      const rows = await db.query<InboxItem>(
        `SELECT ${ITEM} FROM inbox i WHERE team_id = $1 AND account_id = $2
           AND created_at > now() - interval '30 days'
           AND NOT EXISTS (SELECT 1 FROM inbox_deliveries d WHERE d.inbox_id = i.id AND d.device_id = $3)
         ORDER BY id LIMIT $4`,
        [teamId, accountId, deviceId, limit],
      );
      return rows.map((r) => ({ ...r, inbox_id: Number(r.inbox_id) }));
    },
    async markDelivered(teamId, accountId, deviceId, inboxIds) {
      if (inboxIds.length === 0) return;
      // Only the addressee's own items: a device cannot mark another user's inbox.
      await db.query(
        `INSERT INTO inbox_deliveries (inbox_id, device_id)
         SELECT id, $3 FROM inbox WHERE team_id = $1 AND account_id = $2 AND id = ANY($4::int8[])
         ON CONFLICT DO NOTHING`,
        [teamId, accountId, deviceId, inboxIds],
      );
    },
  };
}
