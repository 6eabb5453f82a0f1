import { customFieldKey, customFieldName, type FieldDef } from '../../../shared/entities/field-def';
import { asFieldDef, type CustomFieldDef } from '../custom-fields/use-custom-field-defs';
import type { ResourceDef } from './record-resources';

/** The list API's name of a custom field in filters and `ordering`: `cf_region`. */
export const CUSTOM_FILTER_PREFIX = 'cf_';

/** List values (multi-select) and long text cannot be ordered by; a field kept out of filters cannot either. */
function sortable(def: CustomFieldDef, field: FieldDef): boolean {
  return def.is_filterable !== false && field.kind !== 'tags' && field.kind !== 'longtext';
}

/**
 * A list's resource with the model's custom fields merged in: as columns (`custom_fields.<name>`,
 * the name saved views and column preferences use) and as filters (`cf_<name>`). The
 * definitions come from the API, which leaves out fields the caller's role may not see.
 */
export function withCustomFields(resource: ResourceDef, defs: readonly CustomFieldDef[] | undefined): ResourceDef {
  if (!defs || defs.length === 0) return resource;
  const fields = { ...resource.fields };
  const customFilters: Record<string, FieldDef> = {};
  const customSortKeys: Record<string, string | null> = {};
  for (const def of defs) {
    const field = asFieldDef(def);
    const column = customFieldKey(def.name);
    fields[column] = field;
    customSortKeys[column] = sortable(def, field) ? `${CUSTOM_FILTER_PREFIX}${def.name}` : null;
    if (def.is_filterable !== false) customFilters[`${CUSTOM_FILTER_PREFIX}${def.name}`] = field;
  }
  return { ...resource, fields, customFilters, customSortKeys };
}

/** A record's value for a column, custom values included. */
export function columnValue(record: Record<string, unknown>, field: string): unknown {
  const name = customFieldName(field);
  if (name === null) return record[field];
  const custom = record.custom_fields;
  return custom && typeof custom === 'object' ? (custom as Record<string, unknown>)[name] : undefined;
}

/** Built-in fields and custom columns alike, for the column picker. */
export function isCustomColumn(field: string): boolean {
  return customFieldName(field) !== null;
}
