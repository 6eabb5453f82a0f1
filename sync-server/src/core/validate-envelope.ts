import * as Y from 'yjs';
import { ENTITIES } from '../../../src/shared/entities/entities';
import {
  MAX_DOCUMENT_SCHEMA_VERSION, MAX_UPDATE_BYTES, MIN_DOCUMENT_SCHEMA_VERSION, type UpdateEnvelope,
} from '../../../src/shared/sync/sync-protocol';

export interface AuthenticatedMember {
  team_id: string;
  account_id: string;
  device_id: string;
  role: string;
}

const KNOWN_ENTITIES = new Set(ENTITIES.map((e) => e.name));

/**
 * The one place the relay judges an update. Today: size, a decodable Yjs update, a known entity,
 * a supported schema version, and the writer being the authenticated member. The shared record
 * document validator (shape of the document, allowed fields) plugs in here when it lands in
 * src/shared; nothing else in the relay needs to change.
 * Returns null when the envelope is acceptable, else the reason.
 */
export function validateEnvelope(envelope: UpdateEnvelope, member: AuthenticatedMember): string | null {
  if (envelope.update.length === 0) return 'update is empty';
  if (envelope.update.length > MAX_UPDATE_BYTES) return `update larger than ${MAX_UPDATE_BYTES} bytes`;
  if (!KNOWN_ENTITIES.has(envelope.entity)) return `unknown entity ${envelope.entity}`;
  if (envelope.schema_version < MIN_DOCUMENT_SCHEMA_VERSION || envelope.schema_version > MAX_DOCUMENT_SCHEMA_VERSION) {
    return `unsupported document schema version ${envelope.schema_version}`;
  }
  if (envelope.writer !== member.account_id) return 'writer is not the authenticated member';
  try {
    Y.decodeUpdate(envelope.update);
  } catch {
    return 'update is not a Yjs update';
  }
  return null;
}
