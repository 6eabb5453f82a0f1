import { AppError } from '../../../shared/errors';
import { DOC_CLOSE, MAX_DOC_MESSAGE_BYTES } from '../../../shared/co-editing/doc-channel';
import type { CoEditingEngine } from './co-editing-engine';
import type { NotesRoom, RoomPeer } from './notes-room';

/** One doc socket as the engine sees it: binary frames out, a typed close. */
export interface BinaryPeer {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface DocSocketSession {
  message(bytes: Uint8Array): void;
  closed(): void;
}

export interface DocSocketOpen {
  entity: string;
  id: string;
  /** The access token or API token, from `?token=` (what a browser WebSocket can send) or the header. */
  bearer: string | undefined;
}

export type DocAuthenticate = (bearer: string) => Promise<{ id: string; username: string; full_name: string; role: string }>;

/** Frames a page may queue while its room is being opened. */
const MAX_WAITING_FRAMES = 256;
/**
 * Typing is a few frames a second (an update and a cursor move per key); a paste or a
 * reconnect is one burst. A page past this is broken or hostile and loses its socket (4429).
 */
const FRAMES_PER_SECOND = 100;
const FRAME_BURST = 400;

const CLOSE_FOR: Partial<Record<AppError['code'], number>> = {
  unauthenticated: DOC_CLOSE.unauthenticated,
  forbidden: DOC_CLOSE.forbidden,
  not_found: DOC_CLOSE.notFound,
  validation_failed: DOC_CLOSE.malformed,
};

/** Close reasons are at most 123 bytes. */
function reasonText(text: string): string {
  return Buffer.from(text).subarray(0, 123).toString();
}

/**
 * A page's socket on a record's room: authenticated and checked before anything of the
 * record is sent; each refused frame closes the socket with a typed code and reason (the
 * provider stops retrying on 44xx). Frames that arrive while the room opens wait, in order.
 */
export function openDocSocket(engine: CoEditingEngine, authenticate: DocAuthenticate, raw: BinaryPeer, open: DocSocketOpen): DocSocketSession {
  let closed = false;
  let joined: { room: NotesRoom; peer: RoomPeer } | null = null;
  let waiting: Uint8Array[] | null = [];
  let tokens = FRAME_BURST;
  let refilledAt = Date.now();
  const allow = () => {
    const now = Date.now();
    tokens = Math.min(FRAME_BURST, tokens + ((now - refilledAt) / 1000) * FRAMES_PER_SECOND);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const shut = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    waiting = null;
    if (joined) engine.leave(open.entity, open.id, joined.room, joined.peer);
    raw.close(code, reasonText(reason));
  };
  const handle = (bytes: Uint8Array) => {
    if (!joined || closed) return;
    if (bytes.length > MAX_DOC_MESSAGE_BYTES) return shut(DOC_CLOSE.tooLarge, `frame over ${MAX_DOC_MESSAGE_BYTES} bytes`);
    try {
      joined.room.fromPeer(joined.peer, bytes);
    } catch (error) {
      // Yjs refused the update after our checks: the page's document is broken, not the room.
      shut(DOC_CLOSE.malformed, `update refused: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
  };

  void (async () => {
    try {
      if (!open.bearer) throw new AppError('unauthenticated', 'Send the access token as ?token=...');
      const user = await authenticate(open.bearer);
      if (closed) return;
      engine.check(open.entity, open.id);
      const name = user.full_name.trim() || user.username;
      const result = await engine.join(open.entity, open.id, {
        user: { id: user.id, name },
        role: user.role,
        send: (bytes) => {
          if (!closed) raw.send(bytes);
        },
        refuse: (code, reason) => shut(DOC_CLOSE[code], reason),
      });
      if (closed) return engine.leave(open.entity, open.id, result.room, result.peer);
      joined = result;
      const queued = waiting ?? [];
      waiting = null;
      for (const bytes of queued) handle(bytes);
    } catch (error) {
      const e = error instanceof AppError ? error : null;
      shut(e ? (CLOSE_FOR[e.code] ?? DOC_CLOSE.malformed) : 1011, e?.message ?? 'Could not open the record.');
    }
  })();

  return {
    message(bytes) {
      if (closed) return;
      if (!allow()) return shut(DOC_CLOSE.rateLimited, `more than ${FRAMES_PER_SECOND} frames a second`);
      if (waiting) {
        if (waiting.length >= MAX_WAITING_FRAMES) return shut(DOC_CLOSE.rateLimited, 'too many frames before the room opened');
        waiting.push(bytes);
        return;
      }
      handle(bytes);
    },
    closed() {
      if (closed) return;
      closed = true;
      waiting = null;
      if (joined) engine.leave(open.entity, open.id, joined.room, joined.peer);
    },
  };
}
