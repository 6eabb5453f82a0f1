import { AppError } from '../../../shared/errors';
import { CLOSE_CODES, type ClientMessage, type ServerMessage } from '../../../shared/contract/realtime-messages';
import type { SocketLimits, SocketPeer, SocketSession } from '../../core/socket-handler';
import { frameTooLarge, parseClientFrame } from './client-frames';

export interface SocketUser {
  id: string;
  username: string;
}

export interface ResumePoint {
  /** Undefined: a fresh client, start live without replay. */
  lastSeq: number | undefined;
  stream: string | undefined;
}

/** What differs between `/ws/notifications/` and `/ws/activity/`. */
export interface Channel {
  name: 'notifications' | 'activity';
  /** Sends connection_established and the replay, then subscribes the peer; returns its unsubscribe. */
  attach(user: SocketUser, peer: SocketPeer, resume: ResumePoint): () => void;
  /** Replays from a resume point on an open socket. */
  resume(user: SocketUser, peer: SocketPeer, resume: ResumePoint): void;
  /** Channel-specific client messages (mark_read, mark_all_read). */
  handle(user: SocketUser, peer: SocketPeer, message: ClientMessage): void;
  currentSeq(user: SocketUser | null): number;
}

export type Authenticate = (bearer: string) => Promise<SocketUser & { role: string }>;

/**
 * What a session needs beyond authentication: when its token stops being valid, what its
 * role may not see, and a register where the engine finds the sessions to re-check when an
 * account or a token changes.
 */
export interface SessionGuard {
  /** Now in ms on the engine's clock (tokens expire on it). */
  now(): number;
  expiresAt(bearer: string): number | null;
  /** Rewrites a frame for a role (hidden custom fields taken out). */
  redactFrame(role: string, text: string): string;
  register(userId: string, recheck: () => Promise<void>): () => void;
  /** Resume requests a socket may make per `resumeWindowMs`. */
  maxResumes: number;
  resumeWindowMs: number;
}

/** setTimeout takes at most 2^31-1 ms; a later expiry is re-armed by the periodic re-check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * One socket's life: authenticate (first message or upgrade header) within the time limit,
 * then dispatch frames in arrival order. Bad frames get an `error` message; only a bad token
 * or a missed deadline closes the socket.
 */
export function openSession(
  channel: Channel,
  rawPeer: SocketPeer,
  authorization: string | undefined,
  authenticate: Authenticate,
  limits: SocketLimits,
  guard: SessionGuard,
): SocketSession {
  let user: SocketUser | null = null;
  let role = 'viewer';
  let bearer: string | null = null;
  let closed = false;
  let detach: (() => void) | null = null;
  let unregister: (() => void) | null = null;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const resumes: number[] = [];
  /** Frames held while the token is re-checked: none may reach a user the check turns away. */
  let held: string[] | null = null;

  // Every frame this socket gets passes the role's redaction, replays and fan-out included.
  const peer: SocketPeer = {
    send: (text) => {
      if (held) held.push(text);
      else rawPeer.send(guard.redactFrame(role, text));
    },
    close: (code, reason) => rawPeer.close(code, reason),
  };
  const send = (message: ServerMessage) => peer.send(JSON.stringify(message));
  const sendError = (e: AppError) =>
    send({ type: 'error', seq: channel.currentSeq(user), code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) });
  const shut = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    clearTimeout(deadline);
    clearTimeout(expiryTimer);
    detach?.();
    unregister?.();
    // Close reasons are at most 123 bytes.
    peer.close(code, Buffer.from(reason).subarray(0, 123).toString());
  };
  const deadline = setTimeout(
    () => shut(CLOSE_CODES.authTimeout, 'Authentication timeout: send {"type":"authenticate","token":"..."} first.'),
    limits.authTimeoutMs,
  );

  /**
   * The token is checked again when the account or its tokens change, periodically, and when
   * it expires: a deactivated user, a revoked or expired token loses the socket (4401).
   */
  const recheck = async () => {
    if (closed || bearer === null || held) return;
    held = [];
    try {
      const who = await authenticate(bearer);
      role = who.role;
      const frames = held;
      held = null;
      for (const text of frames) peer.send(text);
      armExpiry();
    } catch (e) {
      held = null;
      shut(CLOSE_CODES.unauthenticated, e instanceof AppError ? e.message : 'Authentication failed.');
    }
  };
  const armExpiry = () => {
    clearTimeout(expiryTimer);
    const at = bearer === null ? null : guard.expiresAt(bearer);
    if (at === null || closed) return;
    expiryTimer = setTimeout(() => void recheck(), Math.min(MAX_TIMER_MS, Math.max(0, at - guard.now()) + 50));
    expiryTimer.unref?.();
  };

  const signIn = async (token: string, resume: ResumePoint) => {
    try {
      const who = await authenticate(token);
      if (closed) return;
      user = { id: who.id, username: who.username };
      role = who.role;
      bearer = token;
      clearTimeout(deadline);
      unregister = guard.register(who.id, recheck);
      armExpiry();
      detach = channel.attach(user, peer, resume);
    } catch (e) {
      shut(CLOSE_CODES.unauthenticated, e instanceof AppError ? e.message : 'Authentication failed.');
    }
  };

  /** A few resumes per window: each one replays up to the channel's cap, so a flood is refused. */
  const mayResume = () => {
    const now = Date.now();
    while (resumes.length && now - resumes[0] >= guard.resumeWindowMs) resumes.shift();
    if (resumes.length >= guard.maxResumes) return false;
    resumes.push(now);
    return true;
  };

  const handle = async (text: string, bytes: number) => {
    if (closed) return;
    if (bytes > limits.maxFrameBytes) return sendError(frameTooLarge(limits.maxFrameBytes));
    const message = parseClientFrame(text);
    if (message instanceof AppError) return sendError(message);
    if (message.type === 'ping') return send({ type: 'pong', seq: channel.currentSeq(user) });
    if (!user) {
      if (message.type !== 'authenticate') return sendError(new AppError('unauthenticated', 'Authenticate first: {"type":"authenticate","token":"..."}.'));
      return signIn(message.token, { lastSeq: message.last_seq, stream: message.stream });
    }
    if (message.type === 'authenticate') return sendError(new AppError('conflict', 'This socket is already authenticated.'));
    if (message.type === 'resume') {
      if (!mayResume())
        return sendError(
          new AppError('rate_limited', `At most ${guard.maxResumes} resumes per ${guard.resumeWindowMs / 1000} seconds; wait, then resume from your last seq.`),
        );
      return channel.resume(user, peer, { lastSeq: message.last_seq, stream: message.stream });
    }
    try {
      channel.handle(user, peer, message);
    } catch (e) {
      sendError(e instanceof AppError ? e : new AppError('internal', 'Internal error.'));
      if (!(e instanceof AppError)) console.error('[notifications] socket message failed:', e);
    }
  };

  if (authorization !== undefined) {
    const m = BEARER.exec(authorization);
    if (!m) queueMicrotask(() => shut(CLOSE_CODES.unauthenticated, 'Authorization header must be "Bearer <token>".'));
    else queue = signIn(m[1], { lastSeq: undefined, stream: undefined });
  }

  return {
    message(text, bytes) {
      // Frames are handled one after another, so a mark_read sent right after authenticate waits for it.
      queue = queue.then(() => handle(text, bytes)).catch((e) => console.error('[notifications] socket frame failed:', e));
    },
    closed() {
      closed = true;
      clearTimeout(deadline);
      clearTimeout(expiryTimer);
      detach?.();
      unregister?.();
    },
  };
}
