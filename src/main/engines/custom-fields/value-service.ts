import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { QueryParams } from '../query';
import type { Viewer, WriteContext } from '../records';
import type { CustomFieldsEngine } from './custom-fields-engine';
import { CONTENT_TYPES, modelOf, type CustomFieldDef } from './field-types';
import { displayValue } from './value-validator';
import { customFieldKey } from '../../../shared/entities/field-def';
import { isJsonObject, objectBody as asObject, objectOr } from '../../core/json-object';
import type { BodyOf } from '../../core/typed-handler';
import type { VALUE_CREATE_BODY } from '../../../shared/contract/custom-field-operations';

export interface ValueObject {
  id: string;
  custom_field: string;
  field_name: string;
  field_label: string;
  field_type: string;
  model: string;
  object_id: string;
  value: unknown;
  display_value: unknown;
}

export interface ValueList {
  count: number;
  page: number;
  pageSize: number;
  results: ValueObject[];
}

function valueObject(def: CustomFieldDef, objectId: string, value: unknown): ValueObject {
  return {
    id: `${objectId}:${def.id}`,
    custom_field: def.id,
    field_name: def.name,
    field_label: def.label,
    field_type: def.field_type,
    model: def.entity,
    object_id: objectId,
    value,
    display_value: displayValue(def, value),
  };
}

function param(query: QueryParams, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw validationError({ [name]: ['Give this parameter once.'] });
  return v === '' ? undefined : v;
}

function entityOf(model: unknown, errors: FieldErrors, key = 'model'): EntityDef | undefined {
  const name = modelOf(model);
  if (name) return entityByName(name);
  errors[key] = [
    model === undefined ? 'This field is required.' : `"${String(model)}" is not a valid model (${CONTENT_TYPES.map((c) => c.model).join(', ')}).`,
  ];
  return undefined;
}

/**
 * `/api/v1/custom-field-values/`: values are not rows of their own but the `custom_fields` of
 * records, so reads go over the projected rows and every write is `records.update` with
 * `{custom_fields: {...}}`: validated, audited, projected and synced like built-in fields.
 */
export class ValueService {
  constructor(private readonly engine: CustomFieldsEngine) {}

  list(query: QueryParams, viewer: Viewer, page: number, pageSize: number): ValueList {
    const errors: FieldErrors = {};
    const model = param(query, 'model');
    const fieldKey = param(query, 'custom_field');
    const objectId = param(query, 'object_id');
    const entities = model !== undefined ? [entityOf(model, errors)].filter((e): e is EntityDef => !!e) : CONTENT_TYPES.map((c) => entityByName(c.model)!);
    if (Object.keys(errors).length) throw validationError(errors);
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const entity of entities) {
      const names = this.engine
        .visibleFields(entity.name, viewer.role)
        .filter((d) => !fieldKey || d.id === fieldKey || d.name === fieldKey)
        .map((d) => d.name);
      if (names.length === 0) continue;
      parts.push(`SELECT '${entity.name}' AS entity, t.id AS object_id, j.key AS name, j.value AS value, j.type AS type
        FROM ${entity.table} t, json_each(t.custom_fields) j
        WHERE t.deleted_at IS NULL AND j.key IN (SELECT value FROM json_each(?))${objectId ? ' AND t.id = ?' : ''}`);
      params.push(JSON.stringify(names), ...(objectId ? [objectId] : []));
    }
    if (parts.length === 0) return { count: 0, page, pageSize, results: [] };
    const union = parts.join(' UNION ALL ');
    const db = this.engine.deps.db;
    const { n } = db.prepare(`SELECT count(*) AS n FROM (${union})`).get(...params) as { n: number };
    if (page > 1 && (page - 1) * pageSize >= n) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
    const rows = db.prepare(`SELECT * FROM (${union}) ORDER BY object_id, name LIMIT ? OFFSET ?`).all(...params, pageSize, (page - 1) * pageSize) as {
      entity: string;
      object_id: string;
      name: string;
      value: unknown;
      type: string;
    }[];
    const results = rows.map((r) => valueObject(this.engine.store.byName(r.entity, r.name)!, r.object_id, jsonValue(r.value, r.type)));
    return { count: n, page, pageSize, results };
  }

  forObject(query: QueryParams, viewer: Viewer): ValueObject[] {
    const errors: FieldErrors = {};
    const entity = entityOf(param(query, 'model'), errors);
    const objectId = param(query, 'object_id');
    if (!objectId) errors.object_id = ['This field is required.'];
    if (!entity || !objectId) throw validationError(errors);
    const row = this.engine.deps.reader.getRow(entity, objectId);
    if (!row || row.deleted_at) throw notFound(entity.label);
    const values = objectOr(JSON.parse(String(row.custom_fields ?? '{}')));
    return this.engine
      .visibleFields(entity.name, viewer.role)
      .filter((d) => values[d.name] !== undefined)
      .map((d) => valueObject(d, objectId, values[d.name]));
  }

  /** POST: sets one value. Body `{custom_field: id or name, model?, object_id, value}`. */
  create(input: BodyOf<typeof VALUE_CREATE_BODY>, ctx: WriteContext, viewer: Viewer): ValueObject {
    const errors: FieldErrors = {};
    const key = input.custom_field;
    if (typeof key !== 'string' && typeof key !== 'number') errors.custom_field = ['This field is required.'];
    if (typeof input.object_id !== 'string' || input.object_id === '') errors.object_id = ['This field is required.'];
    if (!('value' in input)) errors.value = ['This field is required.'];
    const def = errors.custom_field ? undefined : this.findField(String(key), input.model, viewer);
    if (!def && !errors.custom_field) errors.custom_field = [`Invalid pk "${String(key)}" - object does not exist.`];
    if (Object.keys(errors).length || !def) throw validationError(errors);
    const objectId = input.object_id;
    try {
      const after = this.engine.deps.records.update(def.entity, objectId, { custom_fields: { [def.name]: input.value } }, ctx);
      return valueObject(def, objectId, objectOr(after.custom_fields)[def.name] ?? null);
    } catch (e) {
      const messages = e instanceof AppError ? e.fields?.[customFieldKey(def.name)] : undefined;
      if (messages) throw validationError({ value: messages });
      throw e;
    }
  }

  /**
   * The spec's bulk update: each value is checked alone; the valid ones are written in one
   * record update, each invalid one changes nothing and is reported with its reason.
   */
  bulkUpdate(body: unknown, ctx: WriteContext, viewer: Viewer) {
    const input = asObject(body);
    const errors: FieldErrors = {};
    const entity = entityOf(input.model, errors);
    if (typeof input.object_id !== 'string' || input.object_id === '') errors.object_id = ['This field is required.'];
    const values = input.values;
    if (!isJsonObject(values)) errors.values = ['Expected an object of values keyed by field id or name.'];
    if (Object.keys(errors).length || !entity) throw validationError(errors);
    const objectId = input.object_id as string;
    const row = this.engine.deps.reader.getRow(entity, objectId);
    if (!row || row.deleted_at) throw notFound(entity.label);
    const role = this.engine.roleOf(ctx) ?? viewer.role;
    const updated: { field_id: string; field_name: string; value: unknown }[] = [];
    const failed: { field_id: string; field_name: string | null; errors: string[] }[] = [];
    const accepted: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(objectOr(values))) {
      const check = this.engine.checkValue(entity.name, key, raw, role);
      const fieldId = check.def?.id ?? key;
      if ('error' in check) failed.push({ field_id: fieldId, field_name: check.def?.name ?? null, errors: [check.error] });
      else if (!check.result.ok) failed.push({ field_id: fieldId, field_name: check.def.name, errors: [check.result.message] });
      else {
        accepted[check.def.name] = check.result.value;
        updated.push({ field_id: fieldId, field_name: check.def.name, value: check.result.value });
      }
    }
    if (updated.length > 0) this.engine.deps.records.update(entity.name, objectId, { custom_fields: accepted }, ctx);
    return { updated, errors: failed };
  }

  private findField(key: string, model: unknown, viewer: Viewer): CustomFieldDef | undefined {
    const entity = model === undefined ? undefined : modelOf(model);
    const candidates = entity ? this.engine.visibleFields(entity, viewer.role) : CONTENT_TYPES.flatMap((c) => this.engine.visibleFields(c.model, viewer.role));
    return candidates.find((d) => d.id === key) ?? (entity ? candidates.find((d) => d.name === key) : undefined);
  }
}

/** json_each gives booleans as 1/0 and lists as JSON text; `type` says which. */
function jsonValue(value: unknown, type: string): unknown {
  if (type === 'true') return true;
  if (type === 'false') return false;
  if (type === 'array' || type === 'object') return JSON.parse(String(value));
  return value;
}
