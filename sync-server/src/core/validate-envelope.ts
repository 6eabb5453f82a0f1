import { ENTITIES } from '../../../src/shared/entities/entities';
import { SHARED_KINDS } from '../../../src/shared/entities/shared-kinds';
import { inspectUpdate, isProblem } from '../../../src/shared/record-doc/validate-update';
import { audienceAdmits, parseScopedDocId, sameAudience } from '../../../src/shared/record-doc/scoped-doc';
import { MAX_DOCUMENT_SCHEMA_VERSION, MAX_UPDATE_BYTES, MIN_DOCUMENT_SCHEMA_VERSION, type UpdateEnvelope } from '../../../src/shared/sync/sync-protocol';

export interface AuthenticatedMember {
  team_id: string;
  account_id: string;
  device_id: string;
  role: string;
}

const KNOWN_ENTITIES = new Set([...ENTITIES, ...SHARED_KINDS].map((e) => e.name));

/**
 * The one place the relay judges an update, with the shared record-document code: size, a
 * known entity, a supported schema version, the envelope's writer being the authenticated
 * member, and (inspectUpdate) every item being one of the format's entries written under its
 * own client id, with writer entries never naming another member of the team (the pushing
 * member, null for a system write, or a local account of that install that is no member: an
 * install joining a team brings what its own users wrote before). Returns null when the
 * envelope is acceptable, else the reason.
 */
export function validateEnvelope(envelope: UpdateEnvelope, member: AuthenticatedMember, teamMembers: ReadonlySet<string>): string | null {
  if (envelope.update.length === 0) return 'update is empty';
  if (envelope.update.length > MAX_UPDATE_BYTES) return `update larger than ${MAX_UPDATE_BYTES} bytes`;
  if (!KNOWN_ENTITIES.has(envelope.entity)) return `unknown entity ${envelope.entity}`;
  if (envelope.schema_version < MIN_DOCUMENT_SCHEMA_VERSION || envelope.schema_version > MAX_DOCUMENT_SCHEMA_VERSION) {
    return `unsupported document schema version ${envelope.schema_version}`;
  }
  if (envelope.writer !== member.account_id) return 'writer is not the authenticated member';
  // A role-restricted document names its audience, the roles of its id's scope; nothing else
  // does. Without this, a client could send restricted values to the whole team by leaving it out.
  const scoped = parseScopedDocId(envelope.record_id);
  const audience = envelope.audience ?? [];
  if (scoped && audience.length === 0) return 'audience missing for a role-restricted document';
  if (scoped && !sameAudience(audience, scoped.audience)) return "audience does not match the document's scope";
  if (!scoped && audience.length > 0) return 'audience given for a document that is not role-restricted';
  // A member writes only documents they may read.
  if (scoped && !audienceAdmits(audience, member.role)) return "forbidden: your role is not in this document's audience";
  const facts = inspectUpdate(envelope.update);
  if (isProblem(facts)) return `${facts.reason}: ${facts.detail}`;
  for (const user of facts.writerUsers.values()) {
    if (user !== null && user !== member.account_id && teamMembers.has(user)) return 'forged_writer: a writer entry names another member';
  }
  return null;
}
