import type { FieldResult } from '../../../shared/entities/validate-field';
import { MULTI_CHOICE_TYPES, type CustomFieldDef } from './field-types';
import { validateCustomValue } from './value-validator';

/** Turns a stored value into the input the new type would accept, then validates it with the new rules. */
export function convertValue(to: CustomFieldDef, value: unknown): FieldResult {
  return validateCustomValue({ ...to, is_required: false }, asInput(to, value));
}

function asInput(to: CustomFieldDef, value: unknown): unknown {
  const multi = MULTI_CHOICE_TYPES.includes(to.field_type);
  if (multi) return Array.isArray(value) ? value.map(String) : [scalarText(value)];
  if (Array.isArray(value)) {
    if (value.length === 1) return asInput(to, value[0]);
    return to.field_type === 'text' || to.field_type === 'textarea' ? value.map(String).join(', ') : value;
  }
  switch (to.field_type) {
    case 'boolean':
      if (typeof value === 'string') {
        const v = value.trim().toLowerCase();
        if (['true', 'yes', '1'].includes(v)) return true;
        if (['false', 'no', '0'].includes(v)) return false;
      }
      if (value === 1 || value === 0) return value === 1;
      return value;
    case 'date':
      // A datetime at midnight UTC is that date; any other time would lose information.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value)) return value.slice(0, 10);
      return value;
    case 'number':
    case 'decimal':
      if (typeof value === 'boolean') return value ? 1 : 0;
      return typeof value === 'string' ? value.trim() : value;
    default:
      return scalarText(value);
  }
}

function scalarText(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}
