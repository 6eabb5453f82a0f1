import type { Db, Stmt } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { FieldErrors } from '../../../shared/errors';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { WriteMode } from '../../../shared/entities/validate-record';
import type { FieldResult } from '../../../shared/entities/validate-field';
import type { ListQueryEngine } from '../query';
import type { RecordReader, RecordsEngine, Viewer, WriteContext } from '../records';
import { DefinitionStore } from './definition-store';
import { isPublicSearchable, roleCanEdit, roleCanSee } from './field-access';
import { customFilterFields } from './filter-provider';
import { CHOICE_TYPES, type CustomFieldDef } from './field-types';
import { displayValue, validateCustomValue } from './value-validator';
import { customFieldKey } from '../../../shared/entities/field-def';

export interface CustomFieldsDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  reader: RecordReader;
  query: ListQueryEngine;
}

/** Whether a role may see a custom field's values (audit, field history, exports use it). */
export type CustomFieldVisibility = (entity: string, fieldName: string, role: string) => boolean;

/** One value checked for a writer: the field and the normalised value, or why not. */
export type ValueCheck = { def: CustomFieldDef; result: FieldResult } | { def: CustomFieldDef | undefined; error: string };

/**
 * Custom fields as the rest of the product sees them: it registers the write path's value
 * validator and search text, the reader's visibility filter and the list engine's `cf_` fields.
 * Definitions are managed by DefinitionWriter; values go through RecordsEngine like built-ins.
 */
export class CustomFieldsEngine {
  readonly store: DefinitionStore;
  private readonly roleOfUser: Stmt;

  constructor(readonly deps: CustomFieldsDeps) {
    this.store = new DefinitionStore(deps.db, deps.records);
    // A teammate's definition arrives through sync: the in-memory copy and indexes follow in its transaction.
    deps.records.onWrite((change) => {
      if (change.origin !== 'remote' || (change.entity !== 'custom_field' && change.entity !== 'custom_field_group')) return;
      this.store.reload();
      for (const def of this.store.everything()) this.store.syncIndex(def);
    });
    this.roleOfUser = deps.db.prepare('SELECT role FROM users WHERE id = ?');
    deps.records.setCustomValuesValidator((entity, values, mode, ctx) => this.validateWrite(entity, values, mode, ctx));
    deps.records.setCustomSearchText((entity, values) => this.searchText(entity, values));
    deps.records.setRemoteCustomFieldCheck((entity, name, value) => this.checkRemoteValue(entity.name, name, value));
    // Values of a field visible to some roles only are kept off other roles' devices (records/scoped-docs.ts).
    deps.records.setFieldScope((entity, name) => {
      const def = this.store.byName(entity, name);
      return def && def.visible_to_roles.length > 0 ? def.visible_to_roles : null;
    });
    deps.reader.setCustomValuesFilter((entity, viewer, values) => this.visibleValues(entity, viewer, values));
    deps.query.addFieldProvider((entity, viewer) => customFilterFields(this.store, entity, viewer));
    for (const def of this.store.everything()) this.store.syncIndex(def);
  }

  /** For the audit trail and field history: false for deleted fields and roles the field is hidden from. */
  readonly canSee: CustomFieldVisibility = (entity, fieldName, role) => {
    const def = this.store.byName(entity, fieldName);
    return !!def && !def.deleted_at && roleCanSee(def, role);
  };

  /**
   * Names of the custom fields a role may not see (deleted ones included), for the one
   * redaction every answer and frame passes through. Empty for admins.
   */
  readonly hiddenNames = (role: string): ReadonlySet<string> => {
    const hidden = new Set<string>();
    if (role === 'admin') return hidden;
    const shown = new Set<string>();
    for (const def of this.store.everything()) {
      if (def.deleted_at || !roleCanSee(def, role)) hidden.add(def.name);
      else shown.add(`${def.entity}:${def.name}`);
    }
    // A field deleted and defined again under the same name on the same model stays visible there.
    for (const name of [...hidden]) {
      const live = this.store.everything().filter((d) => d.name === name && !d.deleted_at);
      if (live.length > 0 && live.every((d) => shown.has(`${d.entity}:${d.name}`))) hidden.delete(name);
    }
    return hidden;
  };

  /** The label people know a field by (audit entries), or null for no such field. */
  readonly fieldLabel = (entity: string, fieldName: string): string | null => this.store.byName(entity, fieldName)?.label ?? null;

  /** Null for writers without restrictions: the system (no actor) and system-origin writes. */
  roleOf(ctx: WriteContext): string | null {
    if (ctx.actor === null || ctx.origin === 'system') return null;
    const row = this.roleOfUser.get(ctx.actor) as { role: string } | undefined;
    return row?.role ?? 'viewer';
  }

  /** Checks one value a writer sends for a field named by name or id. */
  checkValue(entity: string, key: string, raw: unknown, role: string | null): ValueCheck {
    const def = this.store.live(entity).find((d) => d.name === key || d.id === key);
    if (!def || (role !== null && !roleCanSee(def, role))) return { def: undefined, error: 'Unknown custom field.' };
    if (!def.is_active) return { def, error: 'This custom field is inactive.' };
    if (role !== null && !roleCanEdit(def, role)) return { def, error: 'Your role may not edit this field.' };
    return { def, result: validateCustomValue(def, raw) };
  }

  /**
   * A custom value from another install: the field must be defined here (deleted ones too: a
   * peer may have written before the deletion) and the value valid for it. Null when fine.
   */
  private checkRemoteValue(entity: string, name: string, value: unknown): string | null {
    const def = this.store.byName(entity, name);
    if (!def) return `Unknown custom field "${name.slice(0, 80)}".`;
    if (value === null) return null;
    const result = validateCustomValue(def, value);
    return result.ok ? null : result.message;
  }

  private validateWrite(entity: EntityDef, values: Record<string, unknown> | undefined, mode: WriteMode, ctx: WriteContext) {
    const out: Record<string, unknown> = {};
    const errors: FieldErrors = {};
    const defs = this.store.live(entity.name);
    if (defs.length === 0 && (!values || Object.keys(values).length === 0)) return { values: out, errors };
    const role = this.roleOf(ctx);
    for (const [name, raw] of Object.entries(values ?? {})) {
      const check = this.checkValue(entity.name, name, raw, role);
      const key = customFieldKey(name);
      if ('error' in check) errors[key] = [check.error];
      else if (!check.result.ok) errors[key] = [check.result.message];
      else out[check.def.name] = check.result.value;
    }
    if (mode === 'create') {
      for (const def of defs) {
        if (!def.is_active || def.name in out || errors[customFieldKey(def.name)]) continue;
        if (def.default_value !== null) out[def.name] = def.default_value;
        else if (def.is_required && (role === null || roleCanEdit(def, role))) errors[customFieldKey(def.name)] = ['This field is required.'];
      }
    }
    return { values: out, errors };
  }

  /** The text of custom values a record's search entry holds (the projection and the search index upgrade use it). */
  searchText(entity: EntityDef, values: Record<string, unknown>): string {
    const parts: string[] = [];
    for (const def of this.store.all(entity.name)) {
      const value = values[def.name];
      if (value === undefined || value === null || !isPublicSearchable(def)) continue;
      if (typeof value === 'string' || typeof value === 'number') parts.push(String(value));
      if (CHOICE_TYPES.includes(def.field_type)) {
        const shown = displayValue(def, value);
        for (const v of [value, shown].flat()) if (typeof v === 'string' && !parts.includes(v)) parts.push(v);
      }
    }
    return parts.join(' ');
  }

  /** What a viewer gets of a record's custom values: live fields their role may see. */
  visibleValues(entity: EntityDef, viewer: Viewer, values: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      const def = this.store.byName(entity.name, name);
      if (def && !def.deleted_at && roleCanSee(def, viewer.role)) out[name] = value;
    }
    return out;
  }

  /** Live fields of an entity the role may see, in form order. */
  visibleFields(entity: string, role: string): CustomFieldDef[] {
    return this.store.live(entity).filter((d) => roleCanSee(d, role));
  }
}
