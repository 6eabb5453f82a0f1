/**
 * What a WebSocket transport needs from an engine, and what it gives back, so the transport
 * only moves frames: the engine owns authentication, subscriptions, sequences and replay.
 */

/** One connected socket, as the engine sees it. */
export interface SocketPeer {
  /** Queues a text frame; a transport drops the peer (close 4429) when its queue is full. */
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** The engine's side of one socket. */
export interface SocketSession {
  /** A text frame from the client (binary frames arrive as their UTF-8 text). */
  message(text: string, bytes: number): void;
  closed(): void;
}

export interface SocketLimits {
  /** Frames larger than this get an `error` message; the socket stays up. */
  maxFrameBytes: number;
  /** Frames larger than this close the socket (1009); the transport enforces it. */
  hardMaxFrameBytes: number;
  /** Unsent bytes a peer may have before it is dropped (it resumes from its sequence). */
  maxBufferedBytes: number;
  /** Ping interval; a peer that has not answered the previous ping is terminated. */
  pingIntervalMs: number;
  /** A socket that has not authenticated within this time is closed (4408). */
  authTimeoutMs: number;
}

export interface SocketHandlers {
  /** Path (trailing slash included) -> opens a session for a socket connected there. */
  channels: Record<string, (peer: SocketPeer, upgrade: { authorization: string | undefined }) => SocketSession>;
  limits: SocketLimits;
}
