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

export type Authenticate = (bearer: string) => Promise<SocketUser>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * One socket's life: authenticate (first message or upgrade header) within the time limit,
 * then dispatch frames in arrival order. Bad frames get an `error` message; only a bad token
 * or a missed deadline closes the socket.
 */
export function openSession(
  channel: Channel, peer: SocketPeer, authorization: string | undefined, authenticate: Authenticate, limits: SocketLimits,
): SocketSession {
  let user: SocketUser | null = null;
  let closed = false;
  let detach: (() => void) | null = null;
  let queue: Promise<void> = Promise.resolve();

  const send = (message: ServerMessage) => peer.send(JSON.stringify(message));
  const sendError = (e: AppError) =>
    send({ type: 'error', seq: channel.currentSeq(user), code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) });
  const shut = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    clearTimeout(deadline);
    detach?.();
    // Close reasons are at most 123 bytes.
    peer.close(code, Buffer.from(reason).subarray(0, 123).toString());
  };
  const deadline = setTimeout(
    () => shut(CLOSE_CODES.authTimeout, 'Authentication timeout: send {"type":"authenticate","token":"..."} first.'),
    limits.authTimeoutMs,
  );

  const signIn = async (token: string, resume: ResumePoint) => {
    try {
      const who = await authenticate(token);
      if (closed) return;
      user = { id: who.id, username: who.username };
      clearTimeout(deadline);
      detach = channel.attach(user, peer, resume);
    } catch (e) {
      shut(CLOSE_CODES.unauthenticated, e instanceof AppError ? e.message : 'Authentication failed.');
    }
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
    if (message.type === 'resume') return channel.resume(user, peer, { lastSeq: message.last_seq, stream: message.stream });
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
      detach?.();
    },
  };
}
