import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import type { HandlerMap } from '../../core/handler';
import type { SocketHandlers, SocketLimits } from '../../core/socket-handler';
import { REALTIME_PATHS, type NotificationView } from '../../../shared/contract/realtime-messages';
import type { RecordChange, RecordsEngine } from '../records';
import { ActivityFeed } from './activity-feed';
import { ActivityChannel, InboxChannel } from './channels';
import { draftsForChange } from './notification-rules';
import { NotificationStore, type NotificationDraft } from './notification-store';
import { inQuietHours, PreferenceBook } from './notification-preferences';
import { ReminderScheduler } from './reminder-scheduler';
import { openSession, type Authenticate, type SessionGuard } from './socket-session';
import { UserDirectory } from './user-directory';
import { notificationHandlers } from './notification-handlers';

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxFrameBytes: 64 * 1024,
  hardMaxFrameBytes: 1024 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 20_000,
  authTimeoutMs: 5_000,
};

export interface NotificationEvents extends Record<string, unknown> {
  /** A notification was stored; `desktop` says whether the user wants an OS notification for it now. */
  'notification.created': { userId: string; notification: NotificationView; desktop: boolean };
}

export interface NotificationsEngineDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  auth: {
    authenticate(bearer: string): Promise<{ id: string; username: string; role: string }>;
    expiresAt(bearer: string): number | null;
    /** Calls back with the user id when an account's tokens are revoked or its password changes. */
    onTokensChanged(listener: (userId: string) => void): () => void;
  };
  /** Rewrites a frame for a role (hidden custom fields out); identity when absent. */
  redactFrame?: (role: string, text: string) => string;
  /** Open sockets re-check their token this often, besides on account and token changes (default 60 s). */
  sessionRecheckMs?: number;
  limits?: Partial<SocketLimits>;
  /** Activity changes kept for resuming clients. */
  activityBuffer?: number;
}

/**
 * Notifications and the live feeds. Listens to `record.changed` (after commit, outside the
 * write's transaction: notifications are local rows, never synced) and to its scheduler.
 * Drafts of one burst (a bulk write, an import) are stored in one transaction at the end of
 * the current tick; ids derive from cause and recipient, so reprocessing never duplicates.
 */
export class NotificationsEngine {
  readonly events = new EventBus<NotificationEvents>();
  readonly store: NotificationStore;
  readonly preferences: PreferenceBook;
  readonly scheduler: ReminderScheduler;
  readonly feed: ActivityFeed;
  readonly inbox: InboxChannel;
  readonly sockets: SocketHandlers;
  readonly handlers: HandlerMap;
  private readonly users: UserDirectory;
  private pending: NotificationDraft[] = [];
  private readonly unsubscribe: () => void;
  /** Open sockets by user: re-checked when the account or its tokens change. */
  private readonly sessions = new Map<string, Set<() => Promise<void>>>();
  private readonly recheckTimer: ReturnType<typeof setInterval>;

  constructor(private readonly deps: NotificationsEngineDeps) {
    this.store = new NotificationStore(deps.db);
    this.preferences = new PreferenceBook(deps.db);
    this.users = new UserDirectory(deps.db);
    this.feed = new ActivityFeed(deps.activityBuffer ?? 10_000);
    this.inbox = new InboxChannel(this.store, { markRead: (u, id) => this.markRead(u, id), markAllRead: (u) => this.markAllRead(u) });
    this.scheduler = new ReminderScheduler({
      db: deps.db,
      clock: deps.clock,
      cursor: { get: (n) => this.store.cursor(n), set: (n, v) => this.store.setCursor(n, v) },
      deliver: (drafts, commit) => this.deliver(drafts, commit),
    });
    const limits = { ...DEFAULT_SOCKET_LIMITS, ...deps.limits };
    const authenticate: Authenticate = (bearer) => deps.auth.authenticate(bearer);
    const activity = new ActivityChannel(this.feed);
    const guard: SessionGuard = {
      now: () => deps.clock.now().getTime(),
      expiresAt: (bearer) => deps.auth.expiresAt(bearer),
      redactFrame: deps.redactFrame ?? ((_role, text) => text),
      register: (userId, recheck) => this.register(userId, recheck),
      maxResumes: 5,
      resumeWindowMs: 10_000,
    };
    this.sockets = {
      limits,
      channels: {
        [REALTIME_PATHS.notifications]: (peer, up) => openSession(this.inbox, peer, up.authorization, authenticate, limits, guard),
        [REALTIME_PATHS.activity]: (peer, up) => openSession(activity, peer, up.authorization, authenticate, limits, guard),
      },
    };
    this.handlers = notificationHandlers({ engine: this, records: deps.records });
    const offChange = deps.records.events.on('record.changed', (change) => {
      // A deactivated, deleted or re-roled account: its sockets are checked before this change fans out.
      if (change.entity === 'user') this.recheckUser(change.id);
      this.onChange(change);
    });
    const offTokens = deps.auth.onTokensChanged((userId) => this.recheckUser(userId));
    this.unsubscribe = () => {
      offChange();
      offTokens();
    };
    this.recheckTimer = setInterval(() => {
      for (const userId of this.sessions.keys()) this.recheckUser(userId);
    }, deps.sessionRecheckMs ?? 60_000);
    this.recheckTimer.unref?.();
  }

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Starts the reminder timer (it first catches up on what passed while the app was closed). */
  start(intervalMs = 30_000): void {
    this.scheduler.start(intervalMs);
  }

  private register(userId: string, recheck: () => Promise<void>): () => void {
    let set = this.sessions.get(userId);
    if (!set) this.sessions.set(userId, (set = new Set()));
    set.add(recheck);
    return () => {
      set.delete(recheck);
      if (set.size === 0 && this.sessions.get(userId) === set) this.sessions.delete(userId);
    };
  }

  private recheckUser(userId: string): void {
    for (const recheck of this.sessions.get(userId) ?? []) void recheck();
  }

  /** Stops the timer and stores what is still pending. */
  close(): void {
    clearInterval(this.recheckTimer);
    this.scheduler.stop();
    this.unsubscribe();
    this.flush();
  }

  markRead(userId: string, id: string): boolean {
    const changed = this.store.markRead(userId, id, this.now());
    if (changed) this.inbox.readChanged(userId, [id]);
    return changed;
  }

  markAllRead(userId: string): number {
    const marked = this.store.markAllRead(userId, this.now());
    if (marked > 0) this.inbox.readChanged(userId, 'all');
    return marked;
  }

  /**
   * Stores drafts (those the recipient wants in the app), runs `commit` in the same
   * transaction, then pushes the new ones live. Returns how many were new.
   */
  deliver(drafts: NotificationDraft[], commit?: () => void): number {
    const wanted = drafts.filter((d) => this.preferences.get(d.userId).prefs.types[d.type].in_app);
    if (wanted.length === 0 && !commit) return 0;
    const created = this.store.insertMany(wanted, this.now(), commit);
    const now = this.deps.clock.now();
    for (const { userId, notification: n } of created) {
      const { prefs, timezone } = this.preferences.get(userId);
      const desktop = prefs.types[n.type].desktop && !inQuietHours(prefs, timezone, now);
      this.inbox.deliver(n, userId, desktop);
      this.events.emit('notification.created', { userId, notification: n, desktop });
    }
    return created.length;
  }

  private onChange(change: RecordChange): void {
    // Records arriving in bulk (a new device's bootstrap) notify nobody and are not streamed one by one.
    if (change.quiet) return;
    this.feed.publish(change);
    if (change.entity === 'user' && (change.changes.notification_preferences || change.changes.timezone)) this.preferences.forget(change.id);
    const drafts = draftsForChange(change, this.users);
    if (drafts.length === 0) return;
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(...drafts);
  }

  private flush(): void {
    const drafts = this.pending;
    this.pending = [];
    if (drafts.length === 0) return;
    try {
      this.deliver(drafts);
    } catch (error) {
      console.error('[notifications] could not store notifications:', error);
    }
  }
}
