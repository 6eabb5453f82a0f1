import * as encoding from 'lib0/encoding';
import { FrameFormatError, FrameReader } from './frame-reader';
import { USER_ROLES } from '../entities/enums';
import {
  FRAME_TAGS,
  MAX_ENVELOPES_PER_PUSH,
  MAX_FRAME_BYTES,
  MAX_ID_LENGTH,
  MAX_NOTIFICATION_PAYLOAD_BYTES,
  MAX_PULL_LIMIT,
  MAX_TOKEN_LENGTH,
  MAX_UPDATE_BYTES,
  SYNC_ERROR_CODES,
  type BootstrapCursor,
  type ClientFrame,
  type DecodeResult,
  type Frame,
  type RelayFrame,
  type StoredUpdate,
  type SyncErrorCode,
  type UpdateEnvelope,
} from './sync-protocol';

/** Ids on the wire: uuids, nanoids, slugs. Nothing that could smuggle a path or a newline. */
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const ENTITY = /^[a-z_]{1,32}$/;
const MAX_MESSAGE_BYTES = 1024;
/** A team compacts rarely (once per document schema); a larger epoch is a forged frame. */
const MAX_EPOCH = 0xffff;

const TAG_TO_TYPE = new Map<number, Frame['type']>(Object.entries(FRAME_TAGS).map(([type, tag]) => [tag, type as Frame['type']]));

function writeEnvelope(e: encoding.Encoder, u: UpdateEnvelope): void {
  encoding.writeVarString(e, u.record_id);
  encoding.writeVarString(e, u.entity);
  encoding.writeVarUint(e, u.schema_version);
  encoding.writeVarString(e, u.writer);
  encoding.writeVarUint(e, u.client_seq);
  const audience = u.audience ?? [];
  encoding.writeVarUint(e, audience.length);
  for (const role of audience) encoding.writeVarString(e, role);
  encoding.writeVarUint8Array(e, u.update);
}

function readAudience(r: FrameReader): string[] {
  const n = r.count('audience', USER_ROLES.length);
  const roles: string[] = [];
  for (let i = 0; i < n; i++) {
    const role = r.string('audience', 32, ENTITY);
    if (!(USER_ROLES as readonly string[]).includes(role) || roles.includes(role)) throw new FrameFormatError('audience: not a list of distinct roles');
    roles.push(role);
  }
  return roles;
}

function readEnvelope(r: FrameReader): UpdateEnvelope {
  return {
    record_id: r.string('record_id', MAX_ID_LENGTH, ID),
    entity: r.string('entity', 32, ENTITY),
    schema_version: r.uint('schema_version', 0xffff),
    writer: r.string('writer', MAX_ID_LENGTH, ID),
    client_seq: r.uint('client_seq'),
    audience: readAudience(r),
    update: r.bytesField('update', MAX_UPDATE_BYTES),
  };
}

function writeCursor(e: encoding.Encoder, c: BootstrapCursor): void {
  encoding.writeVarUint(e, c.upto_seq);
  encoding.writeVarString(e, c.after_record_id);
  encoding.writeVarUint(e, c.after_seq);
}

function readCursor(r: FrameReader): BootstrapCursor {
  const upto_seq = r.uint('cursor.upto_seq');
  const after = r.string('cursor.after_record_id', MAX_ID_LENGTH);
  if (after !== '' && !ID.test(after)) throw new FrameFormatError('cursor.after_record_id: bad format');
  return { upto_seq, after_record_id: after, after_seq: r.uint('cursor.after_seq') };
}

function writeBody(e: encoding.Encoder, f: Frame): void {
  switch (f.type) {
    case 'hello':
      encoding.writeVarUint(e, f.protocol_version);
      encoding.writeVarUint(e, f.schema_version);
      encoding.writeVarString(e, f.device_id);
      encoding.writeVarString(e, f.access_token);
      return;
    case 'push':
      encoding.writeVarUint(e, f.envelopes.length);
      for (const u of f.envelopes) writeEnvelope(e, u);
      return;
    case 'pull':
      encoding.writeVarUint(e, f.since);
      encoding.writeVarUint(e, f.limit);
      return;
    case 'bootstrap':
      encoding.writeUint8(e, f.cursor ? 1 : 0);
      if (f.cursor) writeCursor(e, f.cursor);
      return;
    case 'notify':
      encoding.writeVarString(e, f.to_account_id);
      encoding.writeVarString(e, f.notification_id);
      encoding.writeVarString(e, f.payload);
      return;
    case 'notify_ack':
      encoding.writeVarUint(e, f.inbox_ids.length);
      for (const id of f.inbox_ids) encoding.writeVarUint(e, id);
      return;
    case 'ping':
    case 'pong':
      encoding.writeVarUint(e, f.nonce);
      return;
    case 'epoch_confirm':
      encoding.writeVarUint(e, f.epoch);
      return;
    case 'epoch':
      encoding.writeVarUint(e, f.epoch);
      encoding.writeUint8(e, f.state === 'ready' ? 1 : 0);
      return;
    case 'welcome':
      encoding.writeVarUint(e, f.protocol_version);
      encoding.writeVarString(e, f.team_id);
      encoding.writeVarString(e, f.account_id);
      encoding.writeVarString(e, f.role);
      encoding.writeVarUint(e, f.head_seq);
      return;
    case 'ack':
      encoding.writeVarUint(e, f.acks.length);
      for (const a of f.acks) {
        encoding.writeVarUint(e, a.client_seq);
        encoding.writeVarUint(e, a.seq);
      }
      return;
    case 'updates':
      encoding.writeUint8(e, f.source === 'live' ? 0 : 1);
      encoding.writeUint8(e, f.has_more ? 1 : 0);
      encoding.writeVarUint(e, f.updates.length);
      for (const u of f.updates) {
        encoding.writeVarUint(e, u.seq);
        writeEnvelope(e, u);
      }
      return;
    case 'bootstrap_page':
      encoding.writeUint8(e, f.done ? 1 : 0);
      encoding.writeVarUint(e, f.total_records);
      writeCursor(e, f.cursor);
      encoding.writeVarUint(e, f.records.length);
      for (const rec of f.records) {
        encoding.writeVarString(e, rec.record_id);
        encoding.writeVarString(e, rec.entity);
        encoding.writeVarUint(e, rec.schema_version);
        encoding.writeVarUint8Array(e, rec.update);
      }
      return;
    case 'notification':
      encoding.writeVarUint(e, f.inbox_id);
      encoding.writeVarString(e, f.from_account_id);
      encoding.writeVarString(e, f.notification_id);
      encoding.writeVarString(e, f.payload);
      encoding.writeVarString(e, f.created_at);
      return;
    case 'error':
      encoding.writeVarString(e, f.code);
      encoding.writeVarString(e, f.message.slice(0, 500));
      encoding.writeVarUint(e, f.client_seq);
      return;
  }
}

export function encodeFrame(frame: Frame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, FRAME_TAGS[frame.type]);
  writeBody(e, frame);
  return encoding.toUint8Array(e);
}

function readBody(r: FrameReader, type: Frame['type']): Frame {
  switch (type) {
    case 'hello':
      return {
        type,
        protocol_version: r.uint('protocol_version', 0xffff),
        schema_version: r.uint('schema_version', 0xffff),
        device_id: r.string('device_id', MAX_ID_LENGTH, ID),
        access_token: r.string('access_token', MAX_TOKEN_LENGTH),
      };
    case 'push': {
      const n = r.count('envelopes', MAX_ENVELOPES_PER_PUSH);
      if (n === 0) throw new FrameFormatError('envelopes: empty push');
      const envelopes: UpdateEnvelope[] = [];
      for (let i = 0; i < n; i++) envelopes.push(readEnvelope(r));
      return { type, envelopes };
    }
    case 'pull':
      return { type, since: r.uint('since'), limit: r.uint('limit', MAX_PULL_LIMIT) };
    case 'bootstrap':
      return { type, cursor: r.bool('has_cursor') ? readCursor(r) : null };
    case 'notify':
      return {
        type,
        to_account_id: r.string('to_account_id', MAX_ID_LENGTH, ID),
        notification_id: r.string('notification_id', MAX_ID_LENGTH, ID),
        payload: r.string('payload', MAX_NOTIFICATION_PAYLOAD_BYTES),
      };
    case 'notify_ack': {
      const n = r.count('inbox_ids', 1000);
      const inbox_ids: number[] = [];
      for (let i = 0; i < n; i++) inbox_ids.push(r.uint('inbox_id'));
      return { type, inbox_ids };
    }
    case 'ping':
    case 'pong':
      return { type, nonce: r.uint('nonce') };
    case 'epoch_confirm':
      return { type, epoch: r.uint('epoch', MAX_EPOCH) };
    case 'epoch': {
      const epoch = r.uint('epoch', MAX_EPOCH);
      const state = r.uint8();
      if (state > 1) throw new FrameFormatError('state: unknown');
      return { type, epoch, state: state === 1 ? 'ready' : 'compacting' };
    }
    case 'welcome':
      return {
        type,
        protocol_version: r.uint('protocol_version', 0xffff),
        team_id: r.string('team_id', MAX_ID_LENGTH, ID),
        account_id: r.string('account_id', MAX_ID_LENGTH, ID),
        role: r.string('role', 32, ENTITY),
        head_seq: r.uint('head_seq'),
      };
    case 'ack': {
      const n = r.count('acks', MAX_ENVELOPES_PER_PUSH);
      const acks: { client_seq: number; seq: number }[] = [];
      for (let i = 0; i < n; i++) acks.push({ client_seq: r.uint('client_seq'), seq: r.uint('seq') });
      return { type, acks };
    }
    case 'updates': {
      const source = r.uint8() === 0 ? 'live' : 'catch_up';
      const has_more = r.bool('has_more');
      const n = r.count('updates', MAX_FRAME_BYTES);
      const updates: StoredUpdate[] = [];
      for (let i = 0; i < n; i++) {
        const seq = r.uint('seq');
        updates.push({ seq, ...readEnvelope(r) });
      }
      return { type, source, has_more, updates };
    }
    case 'bootstrap_page': {
      const done = r.bool('done');
      const total_records = r.uint('total_records');
      const cursor = readCursor(r);
      const n = r.count('records', MAX_FRAME_BYTES);
      const records = [];
      for (let i = 0; i < n; i++) {
        records.push({
          record_id: r.string('record_id', MAX_ID_LENGTH, ID),
          entity: r.string('entity', 32, ENTITY),
          schema_version: r.uint('schema_version', 0xffff),
          update: r.bytesField('update', MAX_FRAME_BYTES),
        });
      }
      return { type, done, total_records, cursor, records };
    }
    case 'notification':
      return {
        type,
        inbox_id: r.uint('inbox_id'),
        from_account_id: r.string('from_account_id', MAX_ID_LENGTH, ID),
        notification_id: r.string('notification_id', MAX_ID_LENGTH, ID),
        payload: r.string('payload', MAX_NOTIFICATION_PAYLOAD_BYTES),
        created_at: r.string('created_at', 40),
      };
    case 'error': {
      const code = r.string('code', 40);
      if (!(SYNC_ERROR_CODES as readonly string[]).includes(code)) throw new FrameFormatError('code: unknown');
      return { type, code: code as SyncErrorCode, message: r.string('message', MAX_MESSAGE_BYTES), client_seq: r.uint('client_seq') };
    }
  }
}

/** Decodes any frame; a malformed one becomes a typed result, never an exception. */
export function decodeFrame(bytes: Uint8Array): DecodeResult<Frame> {
  if (bytes.length > MAX_FRAME_BYTES) return { ok: false, code: 'frame_too_large', message: `frame over ${MAX_FRAME_BYTES} bytes` };
  if (bytes.length === 0) return { ok: false, code: 'malformed_frame', message: 'empty frame' };
  try {
    const r = new FrameReader(bytes);
    const type = TAG_TO_TYPE.get(r.uint8());
    if (!type) return { ok: false, code: 'malformed_frame', message: 'unknown frame type' };
    const frame = readBody(r, type);
    r.end();
    return { ok: true, frame };
  } catch (err) {
    const message = err instanceof FrameFormatError ? err.message : 'unreadable frame';
    return { ok: false, code: 'malformed_frame', message };
  }
}

const CLIENT_TYPES = new Set<Frame['type']>(['hello', 'push', 'pull', 'bootstrap', 'notify', 'notify_ack', 'ping', 'epoch_confirm']);

/** What the relay reads: only frames a client may send. */
export function decodeClientFrame(bytes: Uint8Array): DecodeResult<ClientFrame> {
  const res = decodeFrame(bytes);
  if (res.ok && !CLIENT_TYPES.has(res.frame.type)) return { ok: false, code: 'malformed_frame', message: 'not a client frame' };
  return res as DecodeResult<ClientFrame>;
}

/** What the engine's client reads: only frames the relay sends. */
export function decodeRelayFrame(bytes: Uint8Array): DecodeResult<RelayFrame> {
  const res = decodeFrame(bytes);
  if (res.ok && CLIENT_TYPES.has(res.frame.type)) return { ok: false, code: 'malformed_frame', message: 'not a relay frame' };
  return res as DecodeResult<RelayFrame>;
}
