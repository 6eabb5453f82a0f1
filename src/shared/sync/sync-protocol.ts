/**
 * The wire protocol between an install's sync client and the team relay (DESIGN.md section 4).
 * One WebSocket per install, binary frames, each frame = one tag byte + lib0-encoded fields
 * (see frame-codec.ts). The engine's client and the relay both import this file: one source.
 *
 * Conversation:
 *   client: hello -> relay: welcome (or error + close)
 *   client: push [envelopes]  -> relay: ack [client_seq -> seq] once the rows are durable
 *   client: pull since=seq    -> relay: updates (catch_up) pages until has_more = false
 *   client: bootstrap cursor  -> relay: bootstrap_page ... done (then pull since cursor.upto_seq)
 *   relay: updates (live) whenever another device of the team pushes
 *   client: notify -> relay: notification to each device of the addressee; device: notify_ack
 *   either side may send ping; the relay answers pong.
 *   relay: epoch (before welcome once a team compacted; live when a compaction starts or ends)
 *   client: epoch_confirm once it holds that epoch's documents; until then push and pull are
 *   refused with `rebootstrap` and the client bootstraps again (README, "The record document").
 */
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../record-doc/doc-format';

/** 2: envelopes name their audience (role-restricted documents, src/shared/record-doc/scoped-doc.ts). */
export const SYNC_PROTOCOL_VERSION = 2;

/** No frame in either direction is larger than this (bootstrap pages are cut to fit). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * One Yjs update in a push (the document format allows 1 MiB, a frame carries at most 1 MiB
 * in all); a bigger pending change goes as several updates (Y.diffUpdate against a part).
 */
export const MAX_UPDATE_BYTES = 256 * 1024;
export const MAX_ENVELOPES_PER_PUSH = 500;
export const MAX_ID_LENGTH = 64;
export const MAX_TOKEN_LENGTH = 4096;
export const MAX_NOTIFICATION_PAYLOAD_BYTES = 16 * 1024;
export const MAX_PULL_LIMIT = 1000;

/** Closed list of the reasons a frame is refused; the client switches on these. */
export const SYNC_ERROR_CODES = [
  'malformed_frame',
  'frame_too_large',
  'unsupported_version',
  'handshake_required',
  'unauthenticated',
  'forbidden',
  'not_member',
  'invalid_update',
  'rate_limited',
  'shutting_down',
  'internal',
  // The team's documents were compacted to a newer epoch: this device must re-bootstrap before
  // it pushes or pulls again (its unsent changes stay in its outbox; src/main/engines/sync/epoch-rebootstrap.ts).
  'rebootstrap',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** One record document update as it leaves an outbox. */
export interface UpdateEnvelope {
  record_id: string;
  /** Entity name of the record (`lead`, `contact`, ...). */
  entity: string;
  /** Version of the record document format the writer used. */
  schema_version: number;
  /** Relay account id of the author; must be the authenticated member. */
  writer: string;
  /** Per-device increasing number; a resend of the same client_seq is acked with the same seq. */
  client_seq: number;
  /**
   * Roles that may receive this update; empty for the whole team. Non-empty exactly for a
   * role-restricted document (`<recordId>::<scope>`), and then its scope's roles: the relay
   * stores it like any update and sends it only to members of these roles. Absent = empty.
   */
  audience?: string[];
  update: Uint8Array;
}

/** An envelope once stored: `seq` is the team's commit-ordered sequence number. */
export interface StoredUpdate extends UpdateEnvelope {
  seq: number;
}

/**
 * Where a bootstrap stopped. `upto_seq` is fixed by the first page: the client bootstraps the
 * team's state as of that seq, then pulls `since = upto_seq`. Rows are walked by
 * (record_id, seq), so a record bigger than one page continues on the next.
 */
export interface BootstrapCursor {
  upto_seq: number;
  after_record_id: string;
  after_seq: number;
}

export interface BootstrapRecord {
  record_id: string;
  entity: string;
  schema_version: number;
  update: Uint8Array;
}

export type ClientFrame =
  | { type: 'hello'; protocol_version: number; schema_version: number; device_id: string; access_token: string }
  | { type: 'push'; envelopes: UpdateEnvelope[] }
  | { type: 'pull'; since: number; limit: number }
  | { type: 'bootstrap'; cursor: BootstrapCursor | null }
  | { type: 'notify'; to_account_id: string; notification_id: string; payload: string }
  | { type: 'notify_ack'; inbox_ids: number[] }
  | { type: 'ping'; nonce: number }
  /** The device holds the team's documents of this compaction epoch (sent after hello, and after a re-bootstrap). */
  | { type: 'epoch_confirm'; epoch: number };

/** Where a team's compaction stands: `compacting` while the relay rewrites its log, then `ready`. */
export type EpochState = 'compacting' | 'ready';

export type RelayFrame =
  | { type: 'welcome'; protocol_version: number; team_id: string; account_id: string; role: string; head_seq: number }
  | { type: 'ack'; acks: { client_seq: number; seq: number }[] }
  | { type: 'updates'; source: 'live' | 'catch_up'; updates: StoredUpdate[]; has_more: boolean }
  | { type: 'bootstrap_page'; records: BootstrapRecord[]; cursor: BootstrapCursor; done: boolean; total_records: number }
  | { type: 'notification'; inbox_id: number; from_account_id: string; notification_id: string; payload: string; created_at: string }
  | { type: 'error'; code: SyncErrorCode; message: string; client_seq: number }
  | { type: 'pong'; nonce: number }
  /** The team's compaction epoch: before the welcome of a team that ever compacted, and live when one starts or ends. */
  | { type: 'epoch'; epoch: number; state: EpochState };

export type Frame = ClientFrame | RelayFrame;

/** Tag byte of each frame; client frames below 32, relay frames from 32. Never renumber. */
export const FRAME_TAGS = {
  hello: 1,
  push: 2,
  pull: 3,
  bootstrap: 4,
  notify: 5,
  notify_ack: 6,
  ping: 7,
  epoch_confirm: 8,
  welcome: 32,
  ack: 33,
  updates: 34,
  bootstrap_page: 35,
  notification: 36,
  error: 37,
  pong: 38,
  epoch: 39,
} as const satisfies Record<Frame['type'], number>;

export type DecodeResult<F> = { ok: true; frame: F } | { ok: false; code: SyncErrorCode; message: string };

/**
 * Record document format versions this protocol carries (src/shared/record-doc owns the format).
 * Schema 3 changed what a document stores, not the frames: a relay at this version accepts
 * installs of either schema (a team updates its installs one by one), while an older relay
 * refuses a schema-3 install at hello (its checks predate the format) until it is updated.
 */
export const MIN_DOCUMENT_SCHEMA_VERSION = DOC_SCHEMA_V2;
export const MAX_DOCUMENT_SCHEMA_VERSION = DOC_SCHEMA_VERSION;
