import type { FieldErrors } from '../../../shared/errors';
import { USER_ROLES, type UserRole } from '../../../shared/entities/enums';
import {
  CHOICE_TYPES,
  FIELD_TYPES,
  HARD_MAX_LENGTH,
  NAME_RE,
  NUMERIC_TYPES,
  TEXT_TYPES,
  modelOf,
  type CustomFieldDef,
  type DefinitionAttributes,
  type FieldOption,
  type FieldType,
} from './field-types';
import { patternProblem, validateCustomValue } from './value-validator';
import { isJsonObject, objectOr } from '../../core/json-object';

export type DefinitionMode = 'create' | 'replace' | 'update';

/** Attributes engine-owned or derived: sent back from a previous response, they are ignored. */
const IGNORED = new Set(['id', 'model', 'created_at', 'updated_at', 'deleted_at', 'content_type_name']);

const DEFAULTS: Omit<DefinitionAttributes, 'name' | 'label' | 'field_type'> = {
  is_required: false,
  min_value: null,
  max_value: null,
  min_length: null,
  max_length: null,
  regex_pattern: null,
  regex_error_message: null,
  options: [],
  default_value: null,
  help_text: '',
  placeholder: '',
  is_searchable: false,
  is_filterable: false,
  order: 0,
  group: null,
  is_active: true,
  visible_to_roles: [],
  editable_by_roles: [],
};

/** Attributes that only mean something for some types; a type change drops those that no longer apply. */
const APPLIES: Partial<Record<keyof DefinitionAttributes, readonly FieldType[]>> = {
  min_value: NUMERIC_TYPES,
  max_value: NUMERIC_TYPES,
  min_length: TEXT_TYPES,
  max_length: TEXT_TYPES,
  regex_pattern: TEXT_TYPES,
  regex_error_message: TEXT_TYPES,
  options: CHOICE_TYPES,
};

type Check = (raw: unknown) => { value?: unknown; error?: string };

const str =
  (max: number, nullable = false): Check =>
  (raw) => {
    if ((raw === null || raw === undefined) && nullable) return { value: null };
    if (typeof raw !== 'string') return { error: 'Not a valid string.' };
    if (raw.length > max) return { error: `Ensure this field has no more than ${max} characters.` };
    return { value: nullable && raw.trim() === '' ? null : raw };
  };
const bool: Check = (raw) => (typeof raw === 'boolean' ? { value: raw } : { error: 'Must be a valid boolean.' });
const num =
  (integer: boolean, min?: number, max?: number): Check =>
  (raw) => {
    if (raw === null || raw === undefined) return { value: null };
    const n = typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) return { error: 'A valid number is required.' };
    if (integer && !Number.isInteger(n)) return { error: 'A valid integer is required.' };
    if (min !== undefined && n < min) return { error: `Ensure this value is greater than or equal to ${min}.` };
    if (max !== undefined && n > max) return { error: `Ensure this value is less than or equal to ${max}.` };
    return { value: n };
  };
const roles: Check = (raw) => {
  if (raw === null || raw === undefined) return { value: [] };
  if (!Array.isArray(raw)) return { error: 'Expected a list of roles.' };
  const bad = raw.find((r) => !USER_ROLES.includes(r as UserRole));
  if (bad !== undefined) return { error: `"${String(bad)}" is not a valid choice (roles: ${USER_ROLES.join(', ')}).` };
  return { value: [...new Set(raw as UserRole[])] };
};
const options: Check = (raw) => {
  if (raw === null || raw === undefined) return { value: [] };
  if (!Array.isArray(raw) || raw.length > 200) return { error: 'Expected a list of at most 200 options {value, label}.' };
  const out: FieldOption[] = [];
  for (const o of raw) {
    const value = typeof o === 'string' ? o : isJsonObject(o) ? o.value : undefined;
    const label = isJsonObject(o) ? (o.label ?? value) : value;
    if (typeof value !== 'string' || value.trim() === '' || value.length > 100)
      return { error: 'Each option needs a value: a non-empty string of at most 100 characters.' };
    if (typeof label !== 'string' || label.length > 255) return { error: `Option "${value}": the label must be a string of at most 255 characters.` };
    if (out.some((x) => x.value === value)) return { error: `Option "${value}" is listed twice.` };
    out.push({ value, label });
  }
  return { value: out };
};

const CHECKS: Record<string, Check> = {
  label: str(100),
  field_type: (raw) =>
    FIELD_TYPES.includes(raw as FieldType) ? { value: raw } : { error: `"${String(raw)}" is not a valid choice (types: ${FIELD_TYPES.join(', ')}).` },
  is_required: bool,
  is_searchable: bool,
  is_filterable: bool,
  is_active: bool,
  min_value: num(false),
  max_value: num(false),
  min_length: num(true, 0, HARD_MAX_LENGTH),
  max_length: num(true, 1, HARD_MAX_LENGTH),
  regex_pattern: str(10_000, true),
  regex_error_message: str(255, true),
  options,
  default_value: (raw) => ({ value: raw ?? null }),
  help_text: str(500),
  placeholder: str(255),
  order: num(true, -1_000_000, 1_000_000),
  group: str(64, true),
  visible_to_roles: roles,
  editable_by_roles: roles,
};

export interface ParsedDefinition {
  entity: string;
  attrs: DefinitionAttributes;
  errors: FieldErrors;
}

/**
 * Checks a definition body. create and replace (PUT) start from the defaults, update (PATCH)
 * from the stored definition. name and content_type are fixed once created: values are keyed
 * by name in the record documents, so a rename would orphan them (change the label instead).
 */
export function parseDefinition(body: unknown, mode: DefinitionMode, existing?: CustomFieldDef): ParsedDefinition {
  const errors: FieldErrors = {};
  const input = isJsonObject(body) ? body : null;
  const base = existing && mode === 'update' ? stripIds(existing) : { ...DEFAULTS, name: existing?.name ?? '', label: '', field_type: 'text' as FieldType };
  const attrs = { ...base } as DefinitionAttributes & Record<string, unknown>;
  let entity = existing?.entity ?? '';
  if (!input) return { entity, attrs, errors: { non_field_errors: ['Invalid data. Expected a JSON object.'] } };

  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED.has(key)) continue;
    if (key === 'name') {
      if (existing && raw !== existing.name) errors.name = ['The name cannot be changed (values are stored under it); change the label instead.'];
      else if (typeof raw !== 'string' || !NAME_RE.test(raw)) errors.name = ['Use 1 to 50 lowercase letters, digits or underscores, starting with a letter.'];
      else attrs.name = raw;
      continue;
    }
    if (key === 'content_type') {
      const model = modelOf(raw);
      if (!model) errors.content_type = [`"${String(raw)}" is not a valid content type (see /api/v1/content-types/).`];
      else if (existing && model !== existing.entity) errors.content_type = ['The content type of a field cannot be changed.'];
      else entity = model;
      continue;
    }
    const check = CHECKS[key];
    if (!check) {
      errors[key] = ['Unknown field.'];
      continue;
    }
    const result = check(raw);
    if (result.error) errors[key] = [result.error];
    else attrs[key] = result.value;
  }
  if (mode !== 'update') {
    if (!('name' in input) && !existing) errors.name ??= ['This field is required.'];
    if (!('label' in input)) errors.label ??= ['This field is required.'];
    if (!('field_type' in input)) errors.field_type ??= ['This field is required.'];
  }
  if (!entity) errors.content_type ??= ['This field is required.'];
  if (existing && attrs.field_type !== existing.field_type) dropInapplicable(attrs, input);
  checkCoherence(attrs, input, errors);
  return { entity, attrs, errors };
}

function stripIds(def: CustomFieldDef): DefinitionAttributes {
  const { id: _id, entity: _e, created_at: _c, updated_at: _u, deleted_at: _d, ...attrs } = def;
  return attrs;
}

function dropInapplicable(attrs: Record<string, unknown>, input: Record<string, unknown>): void {
  for (const [key, types] of Object.entries(APPLIES)) {
    if (!types!.includes(attrs.field_type as FieldType) && !(key in input)) attrs[key] = objectOr(DEFAULTS)[key];
  }
}

function checkCoherence(attrs: DefinitionAttributes, input: Record<string, unknown>, errors: FieldErrors): void {
  const type = attrs.field_type;
  for (const [key, types] of Object.entries(APPLIES)) {
    const value = objectOr(attrs)[key];
    const set = Array.isArray(value) ? value.length > 0 : value !== null;
    if (set && !types!.includes(type) && !errors[key]) errors[key] = [`Does not apply to ${type} fields (only ${types!.join(', ')}).`];
  }
  if (CHOICE_TYPES.includes(type) && attrs.options.length === 0 && !errors.options) errors.options = [`A ${type} field needs at least one option.`];
  if (attrs.min_value !== null && attrs.max_value !== null && attrs.min_value > attrs.max_value)
    errors.max_value ??= ['Must be greater than or equal to min_value.'];
  if (attrs.min_length !== null && attrs.max_length !== null && attrs.min_length > attrs.max_length)
    errors.max_length ??= ['Must be greater than or equal to min_length.'];
  if (attrs.regex_pattern && !errors.regex_pattern) {
    const problem = patternProblem(attrs.regex_pattern);
    if (problem) errors.regex_pattern = [problem];
  }
  const extra = attrs.editable_by_roles.filter((r) => attrs.visible_to_roles.length > 0 && !attrs.visible_to_roles.includes(r));
  if (extra.length) errors.editable_by_roles ??= [`Roles that may edit must also see the field: ${extra.join(', ')}.`];
  if (attrs.default_value !== null && Object.keys(errors).length === 0) {
    const check = validateCustomValue({ ...attrs, is_required: false } as CustomFieldDef, attrs.default_value);
    if (!check.ok) errors.default_value = [check.message];
    else attrs.default_value = check.value;
  }
  if (attrs.is_filterable && attrs.field_type === 'textarea') {
    errors.is_filterable = ['Long text (textarea) fields cannot be filterable; use a text field.'];
  }
}
