/**
 * The WebSocket contract of `/ws/notifications/` and `/ws/activity/`: message shapes and
 * close codes, shared by the engine, the renderer and scripts.
 */

export const NOTIFICATION_TYPES = ['assignment', 'mention', 'reminder', 'update', 'comment', 'system'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface UserBrief {
  id: string;
  username: string | null;
  email: string | null;
  full_name: string | null;
}

/** A notification as the REST API and the socket show it. */
export interface NotificationView {
  id: string;
  /** Position in the recipient's own sequence (dense per user, starts at 1). */
  seq: number;
  type: NotificationType;
  title: string;
  message: string;
  /** The record's page in the app, e.g. `/leads/<id>`. */
  url: string | null;
  entity: string | null;
  record_id: string | null;
  actor: UserBrief | null;
  created_at: string;
  is_read: boolean;
  read_at: string | null;
}

export const REALTIME_PATHS = { notifications: '/ws/notifications/', activity: '/ws/activity/' } as const;

/** Close codes a client can act on: 44xx are the HTTP meanings, reconnecting only helps for 4429 and 1001. */
export const CLOSE_CODES = {
  /** Bad, expired or revoked token. */
  unauthenticated: 4401,
  /** No `authenticate` message in time. */
  authTimeout: 4408,
  /** The client read too slowly; reconnect and resume from the last seq. */
  tooSlow: 4429,
} as const;

/** Record entities whose changes have their own message type on `/ws/activity/`. */
export const RECORD_UPDATE_TYPES = {
  task: 'task_update',
  lead: 'lead_update',
  opportunity: 'opportunity_update',
  contact: 'contact_update',
  company: 'company_update',
  user: 'user_update',
  /** A logged interaction (call, email, meeting, note) was added or changed. */
  activity: 'activity',
} as const;

export type ActivityMessageType = (typeof RECORD_UPDATE_TYPES)[keyof typeof RECORD_UPDATE_TYPES];

/** Every server message carries `seq`: per user on notifications, global (per stream) on activity. */
export type ServerMessage =
  | {
      type: 'connection_established';
      seq: number;
      channel: 'notifications' | 'activity';
      user: { id: string; username: string };
      /** Activity only: id of this run's stream; a resume from another stream cannot be served. */
      stream?: string;
      unread_count?: number;
      /** Messages replayed right after this one. */
      replayed: number;
      /** True when the requested resume point is no longer held: reload views over REST. */
      gap: boolean;
    }
  | { type: 'notification'; seq: number; notification: NotificationView; desktop: boolean }
  | { type: 'notification_read'; seq: number; ids: string[] | 'all'; unread_count: number }
  | {
      type: ActivityMessageType;
      seq: number;
      stream: string;
      entity: string;
      id: string;
      action: 'create' | 'update' | 'delete' | 'restore';
      /** Names of the fields that changed (values are read over REST, where visibility applies). */
      fields: string[];
      actor: string | null;
      origin: string;
      at: string;
    }
  /** Activity only: the team connection's state changed (same shape as GET /api/v1/sync/status/). */
  | { type: 'sync_status'; seq: number; stream: string; status: SyncStatusView }
  /** Activity only: records arrived in bulk (a new device's bootstrap): reload views over REST. */
  | { type: 'records_arrived'; seq: number; stream: string; count: number; by_entity: Record<string, number> }
  | { type: 'pong'; seq: number }
  | { type: 'error'; seq: number; code: string; message: string; fields?: Record<string, string[]> };

export interface SyncStatusView {
  state: 'disabled' | 'connecting' | 'connected' | 'offline' | 'error' | 'removed';
  pending: number;
  last_seq: number;
  bootstrap: { done: number; total: number } | null;
  last_error: string | null;
  team: { id: string; name: string; role: string; relay_url: string; account_id: string } | null;
}

export type ClientMessage =
  | { type: 'authenticate'; token: string; last_seq?: number; stream?: string }
  | { type: 'resume'; last_seq: number; stream?: string }
  | { type: 'mark_read'; notification_id: string }
  | { type: 'mark_all_read' }
  | { type: 'ping' };
