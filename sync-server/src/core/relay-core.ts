import { decodeClientFrame, encodeFrame } from '../../../src/shared/sync/frame-codec';
import { MAX_FRAME_BYTES, type ClientFrame } from '../../../src/shared/sync/sync-protocol';
import type { AccessTokens } from '../identity/access-tokens';
import type { RelayStore } from '../store/relay-store';
import type { InboxItem } from '../store/inbox-store';
import type { UpdateRow } from '../store/update-store';
import { FeedCatchUp } from './feed-catch-up';
import { createFrameHandler } from './frame-handlers';
import { DEFAULT_FLOOD_LIMITS, FloodGuard, type FloodLimits } from './rate-limiter';
import type { RelayLogger } from './relay-logger';
import { RelayMetrics } from './relay-metrics';
import { CLOSE_CODES, RelaySession, type RelaySocket } from './relay-session';
import { TeamFeed } from './team-feed';
import { DocChannelRelay } from './doc-channel-relay';
import { isDocClientFrame } from '../../../src/shared/sync/doc-relay-frames';
import { audienceAdmits } from '../../../src/shared/record-doc/scoped-doc';
import type { TeamEpoch } from '../store/epoch-store';
import { TeamCompaction } from './team-compaction';

export interface RelayCoreDeps {
  store: RelayStore;
  tokens: AccessTokens;
  log: RelayLogger;
  now?: () => Date;
  flood?: FloodLimits;
  handshakeTimeoutMs?: number;
}

/** Frames refused in a row before the connection is closed as hostile. */
const MAX_STRIKES = 50;
const MAX_QUEUED_FRAMES = 64;

/**
 * The relay without its network: it takes socket-like objects and byte frames, so every rule
 * (handshake, auth, push/ack, fan-out, revocation, flood limits) is testable without a port.
 * Same split as Hocuspocus's `Hocuspocus.handleConnection` vs its `Server`.
 */
export class RelayCore {
  readonly metrics = new RelayMetrics();
  private readonly sessions = new Set<RelaySession>();
  private readonly byTeam = new Map<string, Set<RelaySession>>();
  private readonly feeds = new Map<string, TeamFeed>();
  /** Reads by seq what a feed misses (other instances' commits, out-of-order local ones). */
  readonly catchUp = new FeedCatchUp(this);
  private readonly handle: (session: RelaySession, frame: ClientFrame) => Promise<void>;
  private nextId = 1;
  draining = false;
  readonly now: () => Date;
  /** Presence and live notes between devices: forwarded, never stored. */
  readonly docChannel = new DocChannelRelay(this);
  /** The team-wide compaction to schema-3 documents; `epochs` caches each open team's epoch. */
  readonly compaction = new TeamCompaction(this);
  private readonly epochs = new Map<string, TeamEpoch>();

  constructor(readonly deps: RelayCoreDeps) {
    this.now = deps.now ?? (() => new Date());
    this.handle = createFrameHandler(this);
  }

  /** Accepts a connection; returns what the listener calls with each frame and on close. */
  handleConnection(socket: RelaySocket, remote: string) {
    const session = new RelaySession(this.nextId++, socket, remote);
    const guard = new FloodGuard(this.deps.flood ?? DEFAULT_FLOOD_LIMITS, Date.now());
    this.sessions.add(session);
    const timer = setTimeout(() => {
      if (!session.member) session.close(CLOSE_CODES.handshakeTimeout, 'no hello');
    }, this.deps.handshakeTimeoutMs ?? 10_000);
    timer.unref?.();
    return {
      session,
      receive: (bytes: Uint8Array) => this.receive(session, guard, bytes),
      closed: () => {
        clearTimeout(timer);
        this.detach(session);
      },
    };
  }

  private receive(session: RelaySession, guard: FloodGuard, bytes: Uint8Array): void {
    if (session.closed) return;
    if (!guard.allow(bytes.length, Date.now()) || session.queued >= MAX_QUEUED_FRAMES) {
      return this.refuse(session, 'rate_limited', 'too many frames; slow down');
    }
    if (bytes.length > MAX_FRAME_BYTES) return this.refuse(session, 'frame_too_large', `frame over ${MAX_FRAME_BYTES} bytes`);
    if (isDocClientFrame(bytes)) return this.docChannel.receive(session, bytes);
    const decoded = decodeClientFrame(bytes);
    if (!decoded.ok) return this.refuse(session, decoded.code, decoded.message);
    if (this.draining) return this.refuse(session, 'shutting_down', 'relay is restarting; reconnect shortly');
    session.strikes = 0;
    session.queued += 1;
    session.queue = session.queue
      .then(() => (session.closed ? undefined : this.handle(session, decoded.frame)))
      .catch((err: unknown) => {
        this.deps.log('error', 'frame handler failed', { session: session.id, error: err instanceof Error ? err.message : String(err) });
        session.error('internal', 'the relay could not handle this frame');
        // What the client waits for (a welcome, an ack) will not come: it reconnects, to this
        // instance or another, resends what was not acked and resumes from its cursor.
        session.close(CLOSE_CODES.restart, 'relay could not handle a frame; reconnect');
      })
      .finally(() => {
        session.queued -= 1;
      });
  }

  refuse(session: RelaySession, code: Parameters<RelaySession['error']>[0], message: string, clientSeq = 0): void {
    this.metrics.recordError(code);
    session.error(code, message, clientSeq);
    session.strikes += 1;
    if (session.strikes > MAX_STRIKES) session.close(CLOSE_CODES.policy, 'too many refused frames');
  }

  /** Called by the handshake once the member is known. */
  attach(session: RelaySession): void {
    const m = session.member!;
    for (const other of this.byTeam.get(m.team_id) ?? []) {
      // One socket per install: a reconnect replaces the old one.
      if (other !== session && other.member?.device_id === m.device_id) other.close(CLOSE_CODES.replaced, 'replaced by a newer connection');
    }
    let set = this.byTeam.get(m.team_id);
    if (!set) this.byTeam.set(m.team_id, (set = new Set()));
    set.add(session);
    this.metrics.connections += 1;
    this.metrics.connectionsTotal += 1;
  }

  private detach(session: RelaySession): void {
    session.closed = true;
    if (!this.sessions.delete(session)) return;
    const m = session.member;
    if (!m) return;
    this.byTeam.get(m.team_id)?.delete(session);
    this.metrics.connections -= 1;
    this.deps.log('info', 'connection closed', { session: session.id, team: m.team_id, account: m.account_id });
  }

  /** The team's connected sessions (the co-editing channel fans out to them). */
  teamSessions(teamId: string): ReadonlySet<RelaySession> {
    return this.byTeam.get(teamId) ?? new Set();
  }

  async feed(teamId: string): Promise<TeamFeed> {
    let feed = this.feeds.get(teamId);
    if (!feed) {
      const head = await this.deps.store.updates.headSeq(teamId);
      feed = this.feeds.get(teamId) ?? new TeamFeed(head);
      this.feeds.set(teamId, feed);
    }
    return feed;
  }

  /** The team's feed if this instance has one (a connection of the team came here). */
  openFeed(teamId: string): TeamFeed | undefined {
    return this.feeds.get(teamId);
  }

  openTeams(): string[] {
    return [...this.feeds.keys()];
  }

  /** The team's compaction epoch, read from the store (and cached for live delivery). */
  async teamEpoch(teamId: string): Promise<TeamEpoch> {
    const epoch = await this.deps.store.epochs.get(teamId);
    this.epochs.set(teamId, epoch);
    return epoch;
  }

  /**
   * Several instances: a compaction started or finished on another one is seen here by this
   * poll (its devices are told, live delivery to older epochs stops).
   */
  async refreshEpochs(): Promise<void> {
    for (const teamId of this.openTeams()) {
      const known = this.epochs.get(teamId);
      const now = await this.deps.store.epochs.get(teamId);
      if (known && (known.epoch !== now.epoch || known.state !== now.state)) this.epochChanged(teamId, now);
      else this.epochs.set(teamId, now);
    }
  }

  /** The team's epoch as this instance last read it (push path: the append statement checks the store's). */
  async cachedEpoch(teamId: string): Promise<TeamEpoch> {
    return this.epochs.get(teamId) ?? this.teamEpoch(teamId);
  }

  /** A compaction began or ended: every device of the team is told; a device of an older epoch gets no more live updates. */
  epochChanged(teamId: string, epoch: TeamEpoch): void {
    this.epochs.set(teamId, epoch);
    for (const s of this.byTeam.get(teamId) ?? []) {
      if (s.epoch !== epoch.epoch) s.live = false;
      s.send({ type: 'epoch', epoch: epoch.epoch, state: epoch.state });
    }
  }

  /** Whether the session holds the documents of its team's current epoch (cached; pushes check the store too). */
  currentEpoch(session: RelaySession): boolean {
    const e = this.epochs.get(session.member!.team_id);
    return !e || (e.epoch === session.epoch && e.state === 'ready');
  }

  /** After a commit: remember the rows and wake every live connection of the team. */
  async committed(teamId: string, rows: UpdateRow[]): Promise<void> {
    this.deliver(teamId, await this.feed(teamId), rows, false);
  }

  /** Rows into the feed (`complete`: a store read of everything after its head), then wake the team. */
  deliver(teamId: string, feed: TeamFeed, rows: UpdateRow[], complete: boolean): void {
    feed.add(rows, Date.now(), complete);
    for (const s of this.byTeam.get(teamId) ?? []) if (s.live) void this.pump(s);
    if (feed.needsRead()) this.catchUp.fill(teamId);
  }

  /** Sends a live connection everything after its `sentUpTo`, in seq order, skipping its own rows. */
  async pump(session: RelaySession): Promise<void> {
    if (session.pumping) {
      session.pumpAgain = true;
      return;
    }
    session.pumping = true;
    try {
      const m = session.member!;
      const feed = await this.feed(m.team_id);
      do {
        session.pumpAgain = false;
        // A device of an older epoch would merge new histories into old ones: it re-bootstraps first.
        while (!session.closed && session.live && this.currentEpoch(session) && session.sentUpTo < feed.head) {
          const rows = feed.after(session.sentUpTo, 200) ?? (await this.deps.store.updates.since(m.team_id, session.sentUpTo, 200));
          if (rows.length === 0) break;
          const last = rows[rows.length - 1].seq;
          // Its own rows go back to no device; a role-restricted document only to its audience.
          const others = rows.filter((r) => r.device_id !== m.device_id && audienceAdmits(r.audience ?? [], m.role));
          if (others.length > 0) {
            const frame = () => encodeFrame({ type: 'updates', source: 'live', updates: others.map(wire), has_more: false });
            session.sendEncoded(others.length === rows.length ? feed.frameFor(rows[0].seq, last, frame) : frame());
            this.metrics.liveFrames += 1;
            const at = feed.committedAt.get(last);
            if (at !== undefined) this.metrics.recordLag((Date.now() - at) / 1000);
          }
          session.sentUpTo = last;
        }
      } while (session.pumpAgain && !session.closed);
    } catch (err) {
      // The store is away (a PostgreSQL restart): the client reconnects and catches up by seq.
      this.deps.log('warn', 'live delivery failed', { session: session.id, error: err instanceof Error ? err.message : String(err) });
      session.close(CLOSE_CODES.restart, 'relay lost its store; reconnect');
    } finally {
      session.pumping = false;
    }
  }

  deliverNotification(teamId: string, item: InboxItem): void {
    for (const s of this.byTeam.get(teamId) ?? []) {
      if (s.member?.account_id === item.account_id) s.send({ type: 'notification', ...notificationFields(item) });
    }
  }

  /** Revocation: the member's sockets close now and receive nothing more. */
  memberRemoved(teamId: string, accountId: string): void {
    for (const s of [...(this.byTeam.get(teamId) ?? [])]) {
      if (s.member?.account_id === accountId) {
        s.close(CLOSE_CODES.removed, 'removed from the team');
        this.detach(s);
      }
    }
  }

  /** A role change applies to open sockets at once (checked on every push). */
  roleChanged(teamId: string, accountId: string, role: string): void {
    for (const s of this.byTeam.get(teamId) ?? []) if (s.member?.account_id === accountId) s.member.role = role;
  }

  /** Graceful stop: refuse new frames, finish the queued ones (their acks go out), then close. */
  async drain(): Promise<void> {
    this.draining = true;
    await Promise.all([...this.sessions].map((s) => s.queue));
    for (const s of [...this.sessions]) {
      s.close(CLOSE_CODES.restart, 'relay restarting');
      this.detach(s);
    }
  }
}

export function wire(r: UpdateRow) {
  return {
    seq: r.seq,
    record_id: r.record_id,
    entity: r.entity,
    schema_version: r.schema_version,
    writer: r.writer,
    client_seq: r.client_seq,
    audience: r.audience ?? [],
    update: r.update,
  };
}

export function notificationFields(item: InboxItem) {
  return {
    inbox_id: item.inbox_id,
    from_account_id: item.from_account_id,
    notification_id: item.notification_id,
    payload: item.payload,
    created_at: item.created_at,
  };
}
