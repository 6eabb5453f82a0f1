import type { StatementCache } from '../../db/statement-cache';
import { validationError, type FieldErrors } from '../../../shared/errors';
import { allFields, customFieldKey, type EntityDef, type FieldDef } from '../../../shared/entities/field-def';
import { documentKind } from '../../../shared/entities/shared-kinds';
import { validateRecordInput, type WriteMode } from '../../../shared/entities/validate-record';
import type { WriteContext } from './record-change';
import type { BatchLookups } from './batch-lookups';

/** Checks custom field values of a write (the custom fields engine provides it). */
export type CustomValuesValidator = (
  entity: EntityDef,
  values: Record<string, unknown> | undefined,
  mode: WriteMode,
  ctx: WriteContext,
) => { values: Record<string, unknown>; errors: FieldErrors };

/**
 * A local write's input checked as the API promises: the entity's schema, custom fields, live
 * references and unique fields. Every error is collected, then one 400 names them all.
 */
export class WriteValidation {
  customValidator: CustomValuesValidator | null = null;
  /** What a bulk batch's checks already know (records-engine sets it; batch-lookups.ts). */
  lookups: BatchLookups | null = null;

  constructor(private readonly statements: StatementCache) {}

  isLive(table: string, id: string): boolean {
    if (this.lookups?.knownLive(table, id)) return true;
    const live = this.statements.get(`SELECT 1 FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(id) !== undefined;
    if (live) this.lookups?.noteLive(table, id);
    return live;
  }

  validated(entity: EntityDef, body: unknown, mode: WriteMode, ctx: WriteContext, id: string): Record<string, unknown> {
    const { values, customFields, errors } = validateRecordInput(entity, body, mode);
    if (customFields !== undefined || this.customValidator) {
      if (this.customValidator) {
        const custom = this.customValidator(entity, customFields, mode, ctx);
        Object.assign(errors, custom.errors);
        for (const [name, value] of Object.entries(custom.values)) values[customFieldKey(name)] = value;
      } else if (customFields && Object.keys(customFields).length > 0) {
        for (const name of Object.keys(customFields)) errors[customFieldKey(name)] = ['Unknown custom field.'];
      }
    }
    this.checkReferences(entity, values, errors);
    this.checkUnique(entity, values, id, errors);
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return values;
  }

  private checkReferences(entity: EntityDef, values: Record<string, unknown>, errors: FieldErrors): void {
    for (const [field, def] of checkedFields(entity).refs) {
      const value = values[field];
      if (typeof value !== 'string' || errors[field]) continue;
      const target = documentKind(def.ref ?? '');
      if (!target) continue;
      if (!this.isLive(target.table, value)) errors[field] = [`Invalid pk "${value}" - object does not exist.`];
    }
  }

  private checkUnique(entity: EntityDef, values: Record<string, unknown>, id: string, errors: FieldErrors): void {
    for (const [field, def] of checkedFields(entity).unique) {
      const value = values[field];
      if (typeof value !== 'string' || errors[field]) continue;
      const clash =
        this.lookups?.clash(entity, field, value, id) ??
        this.statements.get(`SELECT 1 FROM ${entity.table} WHERE ${field} = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ? LIMIT 1`).get(value, id);
      if (clash) errors[field] = [`${entity.label} with this ${def.label.toLowerCase()} already exists.`];
    }
  }
}

const checkedByEntity = new WeakMap<EntityDef, { refs: [string, FieldDef][]; unique: [string, FieldDef][] }>();

/** An entity's reference and unique fields, listed once: every row of an import asks (walking ~30 fields twice per row showed in its profile). */
function checkedFields(entity: EntityDef): { refs: [string, FieldDef][]; unique: [string, FieldDef][] } {
  let found = checkedByEntity.get(entity);
  if (!found) {
    found = {
      refs: Object.entries(allFields(entity)).filter(([, def]) => def.kind === 'ref'),
      unique: Object.entries(entity.fields).filter(([, def]) => def.unique),
    };
    checkedByEntity.set(entity, found);
  }
  return found;
}
