import type { EntityDef, FieldDef } from '../../../shared/entities/field-def';
import { FilterValueError, type FilterField, type SqlPart } from '../query';
import { KIND_OF_TYPE, MULTI_CHOICE_TYPES, valueExpr, type CustomFieldDef } from './field-types';
import type { DefinitionStore } from './definition-store';
import { roleCanSee } from './field-access';

/** Filter prefix of custom fields: `cf_annual_revenue__gte=`, `ordering=-cf_annual_revenue`. */
export const FILTER_PREFIX = 'cf_';

/**
 * The list query engine's view of custom fields. A field the viewer's role may not see is not
 * offered at all (its filter is an unknown parameter, as if it did not exist); a field that is
 * not filterable is offered only to answer a 400 that names it.
 */
export function customFilterFields(store: DefinitionStore, entity: EntityDef, viewer?: { role: string }): Record<string, FilterField> {
  const out: Record<string, FilterField> = {};
  for (const def of store.live(entity.name)) {
    if (viewer && !roleCanSee(def, viewer.role)) continue;
    out[`${FILTER_PREFIX}${def.name}`] = filterField(def);
  }
  return out;
}

function filterField(def: CustomFieldDef): FilterField {
  const expr = valueExpr(def.name);
  if (!def.is_filterable) {
    return {
      def: { kind: 'text', label: def.label },
      expr,
      orderable: false,
      condition: () => {
        throw new FilterValueError(`Custom field "${def.name}" is not filterable.`);
      },
    };
  }
  if (MULTI_CHOICE_TYPES.includes(def.field_type)) {
    return { def: { kind: 'tags', label: def.label }, expr, orderable: false, condition: (lookup, raw) => multiChoice(def, lookup, raw) };
  }
  const kind = KIND_OF_TYPE[def.field_type] ?? 'text';
  const fieldDef: FieldDef = { kind, label: def.label, options: kind === 'enum' ? def.options.map((o) => o.value) : undefined };
  return { def: fieldDef, expr, orderable: kind !== 'longtext' };
}

/** A list value: `cf_x=a,b` holds any of, `cf_x__all=a,b` holds all, `cf_x__isnull=true`. */
function multiChoice(def: CustomFieldDef, lookup: string, raw: string): SqlPart {
  const path = `'$.${def.name}'`;
  if (lookup === 'isnull') {
    const v = raw.toLowerCase();
    if (!['true', 'false', '1', '0'].includes(v)) throw new FilterValueError('Must be true or false.');
    return { sql: `json_type(t.custom_fields, ${path}) IS ${v === 'true' || v === '1' ? '' : 'NOT '}NULL`, params: [] };
  }
  if (lookup !== 'exact' && lookup !== 'in' && lookup !== 'all') {
    throw new FilterValueError(`Lookup "${lookup}" is not supported on this field (use one of: exact, in, all, isnull).`);
  }
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) throw new FilterValueError('Enter a comma-separated list of values.');
  const bad = values.find((v) => !def.options.some((o) => o.value === v));
  if (bad) throw new FilterValueError(`Select a valid choice. "${bad}" is not one of the available choices.`);
  const matches = `(SELECT count(DISTINCT j.value) FROM json_each(t.custom_fields, ${path}) j WHERE j.value IN (SELECT value FROM json_each(?)))`;
  return lookup === 'all'
    ? { sql: `${matches} = ?`, params: [JSON.stringify(values), new Set(values).size] }
    : { sql: `${matches} > 0`, params: [JSON.stringify(values)] };
}
