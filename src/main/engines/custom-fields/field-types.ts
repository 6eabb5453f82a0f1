import type { UserRole } from '../../../shared/entities/enums';
import { CUSTOM_FIELD_TYPES, KIND_OF_TYPE } from '../../../shared/contract/custom-field-operations';

/** The 14 field types of spec section 6, in the spec's order (the contract lists them). */
export const FIELD_TYPES = CUSTOM_FIELD_TYPES;
export type FieldType = (typeof FIELD_TYPES)[number];

export const TEXT_TYPES: readonly FieldType[] = ['text', 'textarea', 'email', 'url', 'phone'];
export const NUMERIC_TYPES: readonly FieldType[] = ['number', 'decimal'];
/** select and radio hold one option; multiselect and checkbox (a group of checkboxes) hold a list. */
export const SINGLE_CHOICE_TYPES: readonly FieldType[] = ['select', 'radio'];
export const MULTI_CHOICE_TYPES: readonly FieldType[] = ['multiselect', 'checkbox'];
export const CHOICE_TYPES: readonly FieldType[] = [...SINGLE_CHOICE_TYPES, ...MULTI_CHOICE_TYPES];

export { KIND_OF_TYPE };

export const DEFAULT_MAX_LENGTH: Record<string, number> = { textarea: 100_000 };
export const TEXT_MAX_LENGTH = 255;
export const HARD_MAX_LENGTH = 100_000;

/**
 * Models that take custom fields, with stable small ids for `content_type`. Lead is 5 so the
 * spec's example (`"content_type": 5  // Lead content type`) works as written.
 */
export const CONTENT_TYPES = [
  { id: 1, model: 'company', name: 'Company' },
  { id: 2, model: 'contact', name: 'Contact' },
  { id: 3, model: 'opportunity', name: 'Opportunity' },
  { id: 4, model: 'task', name: 'Task' },
  { id: 5, model: 'lead', name: 'Lead' },
] as const;

export function contentTypeOf(model: string): { id: number; model: string; name: string } | undefined {
  return CONTENT_TYPES.find((c) => c.model === model);
}

/** `lead`, `5` or 5 -> `lead`; undefined when it names no model that takes custom fields. */
export function modelOf(contentType: unknown): string | undefined {
  if (typeof contentType === 'number' || (typeof contentType === 'string' && /^\d+$/.test(contentType))) {
    return CONTENT_TYPES.find((c) => c.id === Number(contentType))?.model;
  }
  if (typeof contentType === 'string') return CONTENT_TYPES.find((c) => c.model === contentType.toLowerCase())?.model;
  return undefined;
}

export interface FieldOption {
  value: string;
  label: string;
}

/** A field definition as stored and returned (the API adds content_type and model). */
export interface CustomFieldDef {
  id: string;
  entity: string;
  name: string;
  label: string;
  field_type: FieldType;
  is_required: boolean;
  min_value: number | null;
  max_value: number | null;
  min_length: number | null;
  max_length: number | null;
  regex_pattern: string | null;
  regex_error_message: string | null;
  options: FieldOption[];
  default_value: unknown;
  help_text: string;
  placeholder: string;
  is_searchable: boolean;
  is_filterable: boolean;
  order: number;
  group: string | null;
  is_active: boolean;
  visible_to_roles: UserRole[];
  editable_by_roles: UserRole[];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** The attributes a client sets; the rest (id, entity, timestamps) the engine owns. */
export type DefinitionAttributes = Omit<CustomFieldDef, 'id' | 'entity' | 'created_at' | 'updated_at' | 'deleted_at'>;

export const NAME_RE = /^[a-z][a-z0-9_]{0,49}$/;

/** SQL expression reading a custom value; the index and the filters use exactly this text. */
export function valueExpr(name: string, alias = 't.'): string {
  return `json_extract(${alias}custom_fields, '$.${name}')`;
}
