import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { allFields, CUSTOM_FIELD_PREFIX, type EntityDef, type FieldDef } from '../../../shared/entities/field-def';
import { validateFieldValue } from '../../../shared/entities/validate-field';
import { canonicalJson, TAG_PREFIX, type Entry } from '../../../shared/record-doc/doc-format';
import { stampProblem } from '../../../shared/record-doc/stamps';
import { privateKindRefusal } from './private-kinds';

/** Why a remote update was not applied; `future` and `newer_schema` are parked and retried. */
export type RefusalReason =
  | 'malformed'
  | 'too_large'
  | 'forged_writer'
  | 'entity_changed'
  | 'unknown_entity'
  | 'unknown_field'
  | 'invalid_value'
  | 'privilege'
  | 'unknown_writer'
  | 'future'
  | 'newer_schema'
  | 'undefined_custom_field'
  | 'unknown_author';

export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

/** Which custom fields exist for an entity (the custom fields engine answers). */
export type CustomFieldCheck = (entity: EntityDef, name: string, value: unknown) => string | null;

/** User fields only an admin may change, locally through the API or remotely through sync. */
const PRIVILEGED_USER_FIELDS = new Set(['role', 'is_active', 'email', 'username']);

/**
 * A remote update is input like any other: every entry it makes visible is checked against
 * the same schema as API input before anything is stored.
 */
export class RemoteChecks {
  private readonly statements: StatementCache;
  customField: CustomFieldCheck | null = null;
  /** Roles vouched for by the team (the relay's member list), consulted before this store's users. */
  trustedRoles: ((userId: string) => string | null) | null = null;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  /**
   * `record`: the record's id and whether this install had it before (a member creating their
   * own user record may set what the team vouches for: their role, active).
   */
  check(
    entity: EntityDef,
    fresh: readonly Entry[],
    authorOf: (writer: string) => string | null | undefined,
    nowMs: number,
    record: { id: string; existed: boolean },
  ): Refusal | null {
    const fields = allFields(entity);
    for (const e of fresh) {
      const stamp = stampProblem(e.stamp, nowMs);
      if (stamp) return { reason: stamp, detail: `Stamp ${e.stamp} of ${e.field} is ${stamp === 'future' ? 'too far in the future' : 'not a valid stamp'}.` };
      const author = authorOf(e.writer);
      if (author === undefined) return { reason: 'unknown_writer', detail: `Writer ${e.writer} is not declared in the document.` };
      const problem = this.checkValue(entity, fields, e);
      if (problem) return problem;
      if (entity.name === 'user' && PRIVILEGED_USER_FIELDS.has(e.field) && !this.isAdmin(author) && !this.isOwnNewAccount(e, author, record)) {
        // A member who joined after this install last read the team's roles: wait for them.
        if (this.trustedRoles && author && this.trustedRoles(author) === null && !this.isLocalUser(author)) {
          return { reason: 'unknown_author', detail: `The author ${author} is not a known member yet.` };
        }
        return { reason: 'privilege', detail: `Only an admin may change a user's ${e.field}.` };
      }
    }
    return privateKindRefusal(entity, fresh, authorOf, record, this.statements);
  }

  private checkValue(entity: EntityDef, fields: ReturnType<typeof allFields>, e: Entry): Refusal | null {
    if (e.field.startsWith(TAG_PREFIX)) {
      const tag = e.field.slice(TAG_PREFIX.length);
      return typeof e.value === 'boolean' && tag.trim() !== '' && tag.length <= 50
        ? null
        : { reason: 'invalid_value', detail: 'A tag entry is true or false.' };
    }
    if (e.field.startsWith(CUSTOM_FIELD_PREFIX)) {
      const name = e.field.slice(CUSTOM_FIELD_PREFIX.length);
      const message = this.customField ? this.customField(entity, name, e.value) : `Unknown custom field "${name}".`;
      return message ? { reason: message.startsWith('Unknown') ? 'undefined_custom_field' : 'invalid_value', detail: message } : null;
    }
    const def = fields[e.field];
    if (!def || def.local || e.field === 'tags') return { reason: 'unknown_field', detail: `${entity.name} has no synced field "${e.field.slice(0, 80)}".` };
    if (e.value === null) return null;
    const result = validateFieldValue(optional(def), e.value);
    if (!result.ok) return { reason: 'invalid_value', detail: `${e.field}: ${result.message}` };
    if (!sameStoredForm(result.value, e.value)) return { reason: 'invalid_value', detail: `${e.field}: not in its stored form.` };
    return null;
  }

  /** A member's own user record, created by them with the role the team gave them. */
  private isOwnNewAccount(e: Entry, author: string | null | undefined, record: { id: string; existed: boolean }): boolean {
    if (record.existed || !author || author !== record.id) return false;
    if (e.field === 'role') return this.trustedRoles?.(author) === e.value;
    if (e.field === 'is_active') return e.value === true;
    return true;
  }

  private isLocalUser(userId: string): boolean {
    return this.statements.get('SELECT 1 FROM users WHERE id = ?').get(userId) !== undefined;
  }

  private isAdmin(userId: string | null): boolean {
    if (!userId) return false;
    if (this.trustedRoles?.(userId) === 'admin') return true;
    const row = this.statements.get('SELECT role FROM users WHERE id = ? AND deleted_at IS NULL AND is_active = 1').get(userId) as { role: string } | undefined;
    return row?.role === 'admin';
  }
}

/*
 * Every field of every remote record passes through checkValue (a bootstrap: ~30 per record),
 * so the two helpers below avoid a copied definition and a JSON serialization per value.
 */
const optionalDefs = new WeakMap<FieldDef, FieldDef>();

function optional(def: FieldDef): FieldDef {
  let copy = optionalDefs.get(def);
  if (!copy) optionalDefs.set(def, (copy = { ...def, required: false }));
  return copy;
}

/** Whether the value as sent is the value as validated (canonical JSON, without serializing plain scalars). */
function sameStoredForm(validated: unknown, sent: unknown): boolean {
  if (validated === sent) return true;
  if (plainScalar(validated) && plainScalar(sent)) return false;
  return canonicalJson(validated) === canonicalJson(sent);
}

function plainScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}
