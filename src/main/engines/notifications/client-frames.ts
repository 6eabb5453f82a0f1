import secureJson from 'secure-json-parse';
import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import type { ClientMessage } from '../../../shared/contract/realtime-messages';
import { isJsonObject } from '../../core/json-object';

const FIELDS: Record<ClientMessage['type'], readonly string[]> = {
  authenticate: ['token', 'last_seq', 'stream'],
  resume: ['last_seq', 'stream'],
  mark_read: ['notification_id'],
  mark_all_read: [],
  ping: [],
};

const isSeq = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Validates one client frame (a trust boundary): the message, or the AppError to answer with. */
export function parseClientFrame(text: string): ClientMessage | AppError {
  let raw: unknown;
  try {
    raw = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return validationError({ frame: ['Not valid JSON.'] }, 'Frames are JSON objects, e.g. {"type": "mark_all_read"}.');
  }
  if (!isJsonObject(raw)) return validationError({ frame: ['Expected a JSON object.'] });
  const msg = raw;
  const type = msg.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
    return validationError({ type: [`Unknown message type. One of: ${Object.keys(FIELDS).join(', ')}.`] });
  }
  const errors: FieldErrors = {};
  const allowed = FIELDS[type as ClientMessage['type']];
  for (const key of Object.keys(msg)) if (key !== 'type' && !allowed.includes(key)) errors[key] = ['Unknown field.'];
  if (type === 'authenticate' && (typeof msg.token !== 'string' || msg.token.length === 0 || msg.token.length > 4096)) {
    errors.token = ['An access token or API token string is required.'];
  }
  if (type === 'resume' && !isSeq(msg.last_seq)) errors.last_seq = ['A non-negative integer is required.'];
  if (type === 'authenticate' && msg.last_seq !== undefined && !isSeq(msg.last_seq)) errors.last_seq = ['A non-negative integer.'];
  if (msg.stream !== undefined && (typeof msg.stream !== 'string' || msg.stream.length > 100)) errors.stream = ['A stream id string.'];
  if (type === 'mark_read' && (typeof msg.notification_id !== 'string' || msg.notification_id.length === 0 || msg.notification_id.length > 100)) {
    errors.notification_id = ['A notification id string is required.'];
  }
  if (Object.keys(errors).length > 0) return validationError(errors);
  return msg as unknown as ClientMessage;
}

export function frameTooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `Frames are at most ${limit} bytes.`, { frame: [`Larger than ${limit} bytes.`] });
}
