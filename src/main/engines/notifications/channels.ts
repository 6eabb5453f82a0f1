import { AppError, notFound } from '../../../shared/errors';
import type { NotificationView, ServerMessage } from '../../../shared/contract/realtime-messages';
import type { SocketPeer } from '../../core/socket-handler';
import type { ActivityFeed } from './activity-feed';
import type { NotificationStore } from './notification-store';
import type { Channel, ResumePoint, SocketUser } from './socket-session';

/** A reconnecting client gets at most this many missed notifications; older ones are read over REST. */
const MAX_REPLAY = 1000;

const frame = (m: ServerMessage) => JSON.stringify(m);

/** `/ws/notifications/`: each user's own inbox, numbered by the per-user `seq` of the table. */
export class InboxChannel implements Channel {
  readonly name = 'notifications';
  private readonly peers = new Map<string, Set<SocketPeer>>();

  constructor(
    private readonly store: NotificationStore,
    private readonly actions: { markRead(userId: string, id: string): void; markAllRead(userId: string): void },
  ) {}

  currentSeq(user: SocketUser | null): number {
    return user ? this.store.latestSeq(user.id) : 0;
  }

  attach(user: SocketUser, peer: SocketPeer, resume: ResumePoint): () => void {
    const missed = resume.lastSeq === undefined ? [] : this.store.since(user.id, resume.lastSeq, MAX_REPLAY + 1);
    const gap = missed.length > MAX_REPLAY;
    if (gap) missed.length = MAX_REPLAY;
    peer.send(
      frame({
        type: 'connection_established',
        channel: 'notifications',
        seq: this.store.latestSeq(user.id),
        user,
        unread_count: this.store.unreadCount(user.id),
        replayed: missed.length,
        gap,
      }),
    );
    for (const n of missed) peer.send(frame({ type: 'notification', seq: n.seq, notification: n, desktop: false }));
    let set = this.peers.get(user.id);
    if (!set) this.peers.set(user.id, (set = new Set()));
    set.add(peer);
    return () => {
      set.delete(peer);
      if (set.size === 0 && this.peers.get(user.id) === set) this.peers.delete(user.id);
    };
  }

  resume(user: SocketUser, peer: SocketPeer, resume: ResumePoint): void {
    for (const n of this.store.since(user.id, resume.lastSeq ?? 0, MAX_REPLAY)) {
      peer.send(frame({ type: 'notification', seq: n.seq, notification: n, desktop: false }));
    }
  }

  handle(user: SocketUser, _peer: SocketPeer, message: { type: string; notification_id?: string }): void {
    if (message.type === 'mark_read') {
      if (!this.store.get(user.id, message.notification_id!)) throw notFound('Notification');
      this.actions.markRead(user.id, message.notification_id!);
    } else if (message.type === 'mark_all_read') {
      this.actions.markAllRead(user.id);
    } else {
      throw new AppError('validation_failed', `"${message.type}" is not used on this channel.`, { type: ['Not used on this channel.'] });
    }
  }

  /** Live delivery to the recipient's sockets only. */
  deliver(notification: NotificationView, userId: string, desktop: boolean): void {
    const set = this.peers.get(userId);
    if (!set?.size) return;
    const text = frame({ type: 'notification', seq: notification.seq, notification, desktop });
    for (const peer of set) peer.send(text);
  }

  /** Tells the user's other sockets (tabs, scripts) what was read. */
  readChanged(userId: string, ids: string[] | 'all'): void {
    const set = this.peers.get(userId);
    if (!set?.size) return;
    const text = frame({ type: 'notification_read', seq: this.store.latestSeq(userId), ids, unread_count: this.store.unreadCount(userId) });
    for (const peer of set) peer.send(text);
  }

  get connectedUsers(): number {
    return this.peers.size;
  }
}

/** `/ws/activity/`: the live feed of every record change. */
export class ActivityChannel implements Channel {
  readonly name = 'activity';

  constructor(private readonly feed: ActivityFeed) {}

  currentSeq(): number {
    return this.feed.latestSeq;
  }

  attach(user: SocketUser, peer: SocketPeer, resume: ResumePoint): () => void {
    const replay = resume.lastSeq === undefined ? { frames: [], gap: false } : this.feed.replay(resume.lastSeq, resume.stream, MAX_REPLAY);
    peer.send(
      frame({
        type: 'connection_established',
        channel: 'activity',
        seq: this.feed.latestSeq,
        stream: this.feed.stream,
        user,
        replayed: replay.frames.length,
        gap: replay.gap,
      }),
    );
    for (const f of replay.frames) peer.send(f);
    return this.feed.subscribe(peer);
  }

  resume(_user: SocketUser, peer: SocketPeer, resume: ResumePoint): void {
    const replay = this.feed.replay(resume.lastSeq ?? 0, resume.stream, MAX_REPLAY);
    if (replay.gap)
      peer.send(
        frame({
          type: 'error',
          seq: this.feed.latestSeq,
          code: 'conflict',
          message: 'Some changes are no longer held; reload your views.',
          fields: { last_seq: ['Older than the replay buffer or from another stream.'] },
        }),
      );
    for (const f of replay.frames) peer.send(f);
  }

  handle(_user: SocketUser, _peer: SocketPeer, message: { type: string }): void {
    throw new AppError('validation_failed', `"${message.type}" is not used on the activity channel.`, { type: ['Not used on this channel.'] });
  }
}
