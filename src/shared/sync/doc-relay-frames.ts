/**
 * Relay frames of the co-editing channel: y-protocols messages (awareness and Y.Text sync of a
 * record's notes) forwarded between installs. Ephemeral: the relay validates, rate-limits and
 * fans them out to the team's other devices, and never stores them. They have their own tags
 * (16 from a client, 48 from the relay), outside the durable frames of sync-protocol.ts, so
 * both sides route them before the durable codec.
 */
import * as encoding from 'lib0/encoding';
import { FrameFormatError, FrameReader } from './frame-reader';
import { MAX_ID_LENGTH } from './sync-protocol';
import { MAX_DOC_MESSAGE_BYTES, isCoEditedEntity } from '../co-editing/doc-channel';

export const DOC_FRAME_TAGS = { client: 16, relay: 48 } as const;

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** From an install: a message for everyone else in the team with this record open. */
export interface DocClientFrame {
  entity: string;
  record_id: string;
  message: Uint8Array;
}

/** From the relay: the same message, naming the device that sent it. */
export interface DocRelayFrame extends DocClientFrame {
  from_device: string;
}

export type DocDecodeResult<F> = { ok: true; frame: F } | { ok: false; message: string };

export function isDocClientFrame(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === DOC_FRAME_TAGS.client;
}

export function isDocRelayFrame(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === DOC_FRAME_TAGS.relay;
}

export function encodeDocClientFrame(f: DocClientFrame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, DOC_FRAME_TAGS.client);
  encoding.writeVarString(e, f.entity);
  encoding.writeVarString(e, f.record_id);
  encoding.writeVarUint8Array(e, f.message);
  return encoding.toUint8Array(e);
}

export function encodeDocRelayFrame(f: DocRelayFrame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, DOC_FRAME_TAGS.relay);
  encoding.writeVarString(e, f.from_device);
  encoding.writeVarString(e, f.entity);
  encoding.writeVarString(e, f.record_id);
  encoding.writeVarUint8Array(e, f.message);
  return encoding.toUint8Array(e);
}

function readTarget(r: FrameReader): DocClientFrame {
  const entity = r.string('entity', 32);
  if (!isCoEditedEntity(entity)) throw new FrameFormatError('entity: not a co-edited entity');
  const record_id = r.string('record_id', MAX_ID_LENGTH, ID);
  const message = r.bytesField('message', MAX_DOC_MESSAGE_BYTES);
  if (message.length === 0) throw new FrameFormatError('message: empty');
  return { entity, record_id, message };
}

function decode<F>(bytes: Uint8Array, tag: number, body: (r: FrameReader) => F): DocDecodeResult<F> {
  try {
    const r = new FrameReader(bytes);
    if (r.uint8() !== tag) return { ok: false, message: 'not a co-editing frame' };
    const frame = body(r);
    r.end();
    return { ok: true, frame };
  } catch (err) {
    return { ok: false, message: err instanceof FrameFormatError ? err.message : 'unreadable frame' };
  }
}

/** What the relay reads; a malformed frame is a typed result, never an exception. */
export function decodeDocClientFrame(bytes: Uint8Array): DocDecodeResult<DocClientFrame> {
  return decode(bytes, DOC_FRAME_TAGS.client, readTarget);
}

/** What an install reads from the relay. */
export function decodeDocRelayFrame(bytes: Uint8Array): DocDecodeResult<DocRelayFrame> {
  return decode(bytes, DOC_FRAME_TAGS.relay, (r) => {
    const from_device = r.string('from_device', MAX_ID_LENGTH, ID);
    return { from_device, ...readTarget(r) };
  });
}
