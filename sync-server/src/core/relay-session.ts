import { encodeFrame } from '../../../src/shared/sync/frame-codec';
import { MAX_FRAME_BYTES, type ClientFrame, type RelayFrame, type SyncErrorCode } from '../../../src/shared/sync/sync-protocol';
import type { AuthenticatedMember } from './validate-envelope';

/** What the core needs from a network connection; a test passes a plain object. */
export interface RelaySocket {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Close codes the relay uses (4000-4999 are application codes). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  restart: 1012,
  replaced: 4000,
  unauthenticated: 4001,
  removed: 4003,
  unsupportedVersion: 4004,
  handshakeTimeout: 4008,
} as const;

/** One connected install: its identity once the handshake is done and its delivery state. */
export class RelaySession {
  member: AuthenticatedMember | null = null;
  closed = false;
  /** True once a pull reached the head: from then on live updates are sent. */
  live = false;
  /** The last seq sent in an `updates` frame; live frames continue from here without gaps. */
  sentUpTo = 0;
  pumping = false;
  pumpAgain = false;
  strikes = 0;
  bootstrapTotal: { upto: number; total: number } | null = null;
  /** The compaction epoch whose documents the device holds (epoch_confirm); 0 until it says. */
  epoch = 0;
  /** Frames are handled one at a time, in arrival order: acks go out in push order. */
  queue: Promise<void> = Promise.resolve();
  queued = 0;

  constructor(
    readonly id: number,
    private readonly socket: RelaySocket,
    readonly remote: string,
  ) {}

  send(frame: RelayFrame): void {
    if (this.closed) return;
    const bytes = encodeFrame(frame);
    if (bytes.length > MAX_FRAME_BYTES) throw new Error(`relay built a ${bytes.length} byte frame`);
    this.socket.send(bytes);
  }

  /** A frame already encoded (shared across connections by the fan-out). */
  sendEncoded(bytes: Uint8Array): void {
    if (!this.closed) this.socket.send(bytes);
  }

  error(code: SyncErrorCode, message: string, clientSeq = 0): void {
    this.send({ type: 'error', code, message, client_seq: clientSeq });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }
}

export type FrameHandler = (session: RelaySession, frame: ClientFrame) => Promise<void>;
