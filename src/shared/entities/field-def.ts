/**
 * The vocabulary entities are described with. One description drives validation, the SQL
 * projection, the list query engine, serialisation, the OpenAPI document and the UI forms,
 * so a field is declared once.
 */
export type FieldKind = 'text' | 'longtext' | 'email' | 'url' | 'phone' | 'enum' | 'int' | 'decimal' | 'bool' | 'date' | 'datetime' | 'ref' | 'tags' | 'json';

export interface FieldDef {
  kind: FieldKind;
  label: string;
  /** Must be present (and non-empty) on create. */
  required?: boolean;
  options?: readonly string[];
  /** People's names for `options` (custom choice fields define their own); absent: the value, humanised. */
  optionLabels?: Readonly<Record<string, string>>;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Target entity of a `ref`. */
  ref?: string;
  /** Value used on create when the client sends none. */
  default?: string | number | boolean | null;
  /** Part of the record's full-text index. */
  searchable?: boolean;
  /** Set by the server only (computed or managed); rejected in input. */
  readOnly?: boolean;
  /** Unique among live records (case-insensitive for text). */
  unique?: boolean;
  /** Filled with the caller's user id on create when the client sends none. */
  defaultsToCaller?: boolean;
  /** Kept on this device only (never in the record's document, never synced): `last_login`. */
  local?: boolean;
}

const f =
  (kind: FieldKind) =>
  (label: string, extra: Omit<FieldDef, 'kind' | 'label'> = {}): FieldDef => ({ kind, label, ...extra });

export const text = f('text');
export const longText = f('longtext');
export const email = f('email');
export const url = f('url');
export const phone = f('phone');
export const int = f('int');
export const decimal = f('decimal');
export const bool = f('bool');
export const date = f('date');
export const datetime = f('datetime');
export const json = f('json');
export const tags = f('tags');

export function choice(label: string, options: readonly string[], extra: Omit<FieldDef, 'kind' | 'label' | 'options'> = {}): FieldDef {
  return { kind: 'enum', label, options, ...extra };
}

export function ref(label: string, target: string, extra: Omit<FieldDef, 'kind' | 'label' | 'ref'> = {}): FieldDef {
  return { kind: 'ref', label, ref: target, ...extra };
}

export interface EntityDef {
  /** Singular, used as model name in audit and timeline (`lead`). */
  name: string;
  /** Plural kebab path segment under /api/v1 (`leads`). */
  resource: string;
  /** SQL table of the projected rows. */
  table: string;
  label: string;
  fields: Record<string, FieldDef>;
  /** Fields joined with a space to name a record for people (object_repr, briefs). */
  titleFields: string[];
  /** Fields matched when a filter names this entity by text instead of id (`company=Acme`). */
  lookupFields: string[];
  /** Team-shared state carried like a record (src/shared/entities/shared-kinds.ts): no search index, no tags. */
  shared?: boolean;
  /** A personal kind: only the user this field names writes it, here or from another install. */
  privateTo?: string;
}

/** Fields every synced record carries, managed by the write path. */
export const SYSTEM_FIELDS: Record<string, FieldDef> = {
  id: text('ID', { readOnly: true }),
  created_at: datetime('Created', { readOnly: true }),
  updated_at: datetime('Updated', { readOnly: true }),
  deleted_at: datetime('Deleted', { readOnly: true }),
  created_by: ref('Created by', 'user', { readOnly: true }),
  tags: tags('Tags'),
};

const allFieldsCache = new WeakMap<EntityDef, Record<string, FieldDef>>();

/** System and entity fields together; computed once per entity (hot in the write path). */
export function allFields(entity: EntityDef): Record<string, FieldDef> {
  let fields = allFieldsCache.get(entity);
  // No prototype: a name sent as a value (`fields=toString`, a column) must find nothing.
  if (!fields) allFieldsCache.set(entity, (fields = Object.assign(Object.create(null) as Record<string, FieldDef>, SYSTEM_FIELDS, entity.fields)));
  return fields;
}

/**
 * Custom values are named `custom_fields.<name>` wherever one name must cover both kinds of
 * field: record documents, change events, audit entries and the API's error keys.
 */
export const CUSTOM_FIELD_PREFIX = 'custom_fields.';

export function customFieldKey(name: string): string {
  return `${CUSTOM_FIELD_PREFIX}${name}`;
}

/** The custom field's name for a `custom_fields.<name>` key, or null for a built-in field. */
export function customFieldName(key: string): string | null {
  return key.startsWith(CUSTOM_FIELD_PREFIX) ? key.slice(CUSTOM_FIELD_PREFIX.length) : null;
}
