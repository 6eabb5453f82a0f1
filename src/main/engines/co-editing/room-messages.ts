import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { DOC_MESSAGE } from '../../../shared/co-editing/doc-channel';

/** One y-protocols message, read without applying anything (the room decides what to apply). */
export type DocMessage =
  | { kind: 'sync_step1'; stateVector: Uint8Array }
  | { kind: 'sync_step2'; update: Uint8Array }
  | { kind: 'sync_update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query_awareness' }
  | { kind: 'auth' };

/** Thrown only inside parseDocMessage. */
class MessageError extends Error {}

function readBytes(d: decoding.Decoder, total: number): Uint8Array {
  const length = decoding.readVarUint(d);
  if (length > total - d.pos) throw new MessageError('length past the end');
  return decoding.readUint8Array(d, length).slice();
}

/** Parses a message; a malformed one is `{ error }`, never an exception. */
export function parseDocMessage(bytes: Uint8Array): DocMessage | { error: string } {
  try {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    let message: DocMessage;
    switch (type) {
      case DOC_MESSAGE.sync: {
        const sub = decoding.readVarUint(d);
        const payload = readBytes(d, bytes.length);
        if (sub === syncProtocol.messageYjsSyncStep1) message = { kind: 'sync_step1', stateVector: payload };
        else if (sub === syncProtocol.messageYjsSyncStep2) message = { kind: 'sync_step2', update: payload };
        else if (sub === syncProtocol.messageYjsUpdate) message = { kind: 'sync_update', update: payload };
        else return { error: `unknown sync message ${sub}` };
        break;
      }
      case DOC_MESSAGE.awareness:
        message = { kind: 'awareness', update: readBytes(d, bytes.length) };
        break;
      case DOC_MESSAGE.queryAwareness:
        message = { kind: 'query_awareness' };
        break;
      case DOC_MESSAGE.auth:
        // The y-websocket permission message; pages authenticate with their token instead.
        return { kind: 'auth' };
      default:
        return { error: `unknown message type ${type}` };
    }
    if (d.pos !== bytes.length) return { error: 'trailing bytes after the message' };
    if (message.kind === 'sync_step1') {
      try {
        Y.decodeStateVector(message.stateVector);
      } catch {
        return { error: 'unreadable state vector' };
      }
    }
    return message;
  } catch (err) {
    return { error: err instanceof MessageError ? err.message : 'unreadable message' };
  }
}

export function syncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, DOC_MESSAGE.sync);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, DOC_MESSAGE.sync);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
}

export function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, DOC_MESSAGE.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, DOC_MESSAGE.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function queryAwarenessMessage(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, DOC_MESSAGE.queryAwareness);
  return encoding.toUint8Array(e);
}
