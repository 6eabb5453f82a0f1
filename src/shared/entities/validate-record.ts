import type { FieldErrors } from '../errors';
import { allFields, type EntityDef } from './field-def';
import { validateFieldValue } from './validate-field';

/** create: a new record; replace: PUT (omitted fields reset); update: PATCH (only what is sent). */
export type WriteMode = 'create' | 'replace' | 'update';

export interface RecordInputResult {
  values: Record<string, unknown>;
  customFields: Record<string, unknown> | undefined;
  errors: FieldErrors;
}

/**
 * Checks a record body against its entity. Unknown keys are errors (a typo must not be
 * silently dropped); server-managed fields sent back from a previous response are ignored.
 * Custom field values are returned apart for the custom fields engine to check.
 */
export function validateRecordInput(entity: EntityDef, body: unknown, mode: WriteMode): RecordInputResult {
  const errors: FieldErrors = {};
  const values: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { values, customFields: undefined, errors: { non_field_errors: ['Invalid data. Expected a JSON object.'] } };
  }
  const fields = allFields(entity);
  const input = body as Record<string, unknown>;
  let customFields: Record<string, unknown> | undefined;

  for (const [key, raw] of Object.entries(input)) {
    if (key === 'custom_fields') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) errors.custom_fields = ['Expected an object of custom field values.'];
      else customFields = raw as Record<string, unknown>;
      continue;
    }
    const def = fields[key];
    if (!def) {
      errors[key] = ['Unknown field.'];
      continue;
    }
    if (def.readOnly) continue;
    const result = validateFieldValue(def, raw);
    if (result.ok) values[key] = result.value;
    else errors[key] = [result.message];
  }

  if (mode !== 'update') {
    for (const [key, def] of Object.entries(entity.fields)) {
      if (def.readOnly || key in values || errors[key]) continue;
      if (def.required && !def.defaultsToCaller) errors[key] = ['This field is required.'];
      else if (mode === 'create' && def.default !== undefined) values[key] = def.default;
      else if (mode === 'replace') values[key] = def.default ?? null;
    }
    if (mode === 'replace' && !('tags' in values)) values.tags = [];
  }
  return { values, customFields, errors };
}
