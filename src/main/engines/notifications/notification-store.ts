import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import type { NotificationType, NotificationView } from '../../../shared/contract/realtime-messages';

/** A notification to store; `cause` names what produced it (same cause + recipient = same row). */
export interface NotificationDraft {
  cause: string;
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  url: string | null;
  entity: string | null;
  recordId: string | null;
  actorId: string | null;
}

export interface ListFilter {
  isRead: boolean | null;
  types: NotificationType[] | null;
  limit: number;
  offset: number;
}

interface Row {
  id: string;
  seq: number;
  type: NotificationType;
  title: string;
  message: string;
  url: string | null;
  entity: string | null;
  record_id: string | null;
  actor_id: string | null;
  created_at: string;
  read_at: string | null;
  actor_username: string | null;
  actor_email: string | null;
  actor_full_name: string | null;
}

/** A stable UUID-shaped id from the cause and the recipient. */
export function notificationId(cause: string, userId: string): string {
  const h = createHash('sha256').update(`${cause}\u0000${userId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const VIEW = `SELECT n.id, n.seq, n.type, n.title, n.message, n.url, n.entity, n.record_id, n.actor_id, n.created_at, n.read_at,
  u.username AS actor_username, u.email AS actor_email, u.full_name AS actor_full_name
  FROM notifications n LEFT JOIN users u ON u.id = n.actor_id`;
const FILTER = `n.user_id = @user AND n.deleted_at IS NULL
  AND (@isRead IS NULL OR (n.read_at IS NOT NULL) = @isRead)
  AND (@types IS NULL OR n.type IN (SELECT value FROM json_each(@types)))`;

/** The notifications table: local rows, one writer (this engine), statements prepared once. */
export class NotificationStore {
  private readonly sql;

  private readonly synchronous: number;

  constructor(private readonly db: Db) {
    this.synchronous = db.pragma('synchronous', { simple: true }) as number;
    this.sql = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO notifications (id, user_id, seq, type, title, message, url, entity, record_id, actor_id, created_at)
         SELECT @id, @user, COALESCE(MAX(seq), 0) + 1, @type, @title, @message, @url, @entity, @recordId, @actorId, @at
         FROM notifications WHERE user_id = @user`,
      ),
      get: db.prepare(`${VIEW} WHERE n.id = ? AND n.user_id = ? AND n.deleted_at IS NULL`),
      list: db.prepare(`${VIEW} WHERE ${FILTER} ORDER BY n.seq DESC LIMIT @limit OFFSET @offset`),
      count: db.prepare(`SELECT count(*) FROM notifications n WHERE ${FILTER}`).pluck(),
      since: db.prepare(`${VIEW} WHERE n.user_id = ? AND n.seq > ? AND n.deleted_at IS NULL ORDER BY n.seq LIMIT ?`),
      latestSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM notifications WHERE user_id = ?').pluck(),
      unread: db.prepare('SELECT count(*) FROM notifications WHERE user_id = ? AND deleted_at IS NULL AND read_at IS NULL').pluck(),
      markRead: db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL AND read_at IS NULL'),
      markAllRead: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND deleted_at IS NULL AND read_at IS NULL'),
      remove: db.prepare('UPDATE notifications SET deleted_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL'),
      getCursor: db.prepare('SELECT value FROM notification_cursors WHERE name = ?').pluck(),
      setCursor: db.prepare('INSERT INTO notification_cursors (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    };
  }

  /**
   * Stores drafts in one transaction (one fsync for a whole import's worth) and returns the
   * ones that are new; drafts whose cause was already stored for that user are skipped.
   */
  insertMany(drafts: readonly NotificationDraft[], at: string, after?: () => void): { userId: string; notification: NotificationView }[] {
    // Derived rows: committed without their own fsync (WAL, synchronous=NORMAL), which halves
    // the fsyncs of a write that notifies (measured: 2 -> 1 per API write). A process crash
    // loses nothing; a power cut can lose the last notifications, never the store's integrity,
    // and the next record write's fsync makes them durable.
    const relaxed = !this.db.inTransaction;
    if (relaxed) this.db.pragma('synchronous = NORMAL');
    try {
      return this.insertTransaction(drafts, at, after);
    } finally {
      if (relaxed) this.db.pragma(`synchronous = ${this.synchronous}`);
    }
  }

  private insertTransaction(drafts: readonly NotificationDraft[], at: string, after?: () => void): { userId: string; notification: NotificationView }[] {
    return this.db.transaction(() => {
      const created: { userId: string; notification: NotificationView }[] = [];
      for (const d of drafts) {
        const id = notificationId(d.cause, d.userId);
        const r = this.sql.insert.run({
          id,
          user: d.userId,
          type: d.type,
          title: d.title,
          message: d.message,
          url: d.url,
          entity: d.entity,
          recordId: d.recordId,
          actorId: d.actorId,
          at,
        });
        if (r.changes > 0) created.push({ userId: d.userId, notification: this.get(d.userId, id)! });
      }
      after?.();
      return created;
    })();
  }

  get(userId: string, id: string): NotificationView | null {
    const row = this.sql.get.get(id, userId) as Row | undefined;
    return row ? toView(row) : null;
  }

  list(userId: string, f: ListFilter): { count: number; results: NotificationView[] } {
    const isRead = f.isRead === null ? null : f.isRead ? 1 : 0;
    const types = f.types ? JSON.stringify(f.types) : null;
    const count = this.sql.count.get({ user: userId, isRead, types }) as number;
    const rows = this.sql.list.all({ user: userId, isRead, types, limit: f.limit, offset: f.offset }) as Row[];
    return { count, results: rows.map(toView) };
  }

  since(userId: string, seq: number, limit: number): NotificationView[] {
    return (this.sql.since.all(userId, seq, limit) as Row[]).map(toView);
  }

  latestSeq(userId: string): number {
    return this.sql.latestSeq.get(userId) as number;
  }

  unreadCount(userId: string): number {
    return this.sql.unread.get(userId) as number;
  }

  markRead(userId: string, id: string, at: string): boolean {
    return this.sql.markRead.run(at, id, userId).changes > 0;
  }

  markAllRead(userId: string, at: string): number {
    return this.sql.markAllRead.run(at, userId).changes;
  }

  remove(userId: string, id: string, at: string): boolean {
    return this.sql.remove.run(at, id, userId).changes > 0;
  }

  cursor(name: string): string | null {
    return (this.sql.getCursor.get(name) as string | undefined) ?? null;
  }

  setCursor(name: string, value: string): void {
    this.sql.setCursor.run(name, value);
  }
}

function toView(r: Row): NotificationView {
  return {
    id: r.id,
    seq: r.seq,
    type: r.type,
    title: r.title,
    message: r.message,
    url: r.url,
    entity: r.entity,
    record_id: r.record_id,
    actor: r.actor_id ? { id: r.actor_id, username: r.actor_username, email: r.actor_email, full_name: r.actor_full_name } : null,
    created_at: r.created_at,
    is_read: r.read_at !== null,
    read_at: r.read_at,
  };
}
