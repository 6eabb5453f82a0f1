import { validationError, type FieldErrors } from '../../../shared/errors';
import { pageOf, type QueryParams } from '../query';
import { objectBody } from '../../core/json-object';

/** Where the engine's other input checks live, as before. */
export { objectBody };

export function unknownKeys(input: Record<string, unknown>, allowed: readonly string[], errors: FieldErrors): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) errors[key] = ['Unknown field.'];
}

export function text(
  input: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
  opts: { required: boolean; max: number; oneLine?: boolean; nullable?: boolean },
): string | null {
  const v = input[name];
  if (v === undefined || v === null) {
    if (opts.required) errors[name] = ['This field is required.'];
    else if (v === null && !opts.nullable) errors[name] = ['This field may not be null.'];
    return null;
  }
  if (typeof v !== 'string') errors[name] = ['Not a valid string.'];
  else if (opts.required && v.trim() === '') errors[name] = ['This field may not be blank.'];
  else if (v.length > opts.max) errors[name] = [`Ensure this field has no more than ${opts.max} characters.`];
  else if (opts.oneLine && /[\r\n\0]/.test(v)) errors[name] = ['Line breaks are not allowed here.'];
  else return v;
  return null;
}

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export function isEmail(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 254 && EMAIL.test(v);
}

export function pageParams(q: Record<string, unknown>, allowedFilters: string[]): { page: number; pageSize: number; filters: Record<string, string | null> } {
  const errors: FieldErrors = {};
  const { page, pageSize } = pageOf(q as QueryParams);
  const filters: Record<string, string | null> = {};
  for (const key of Object.keys(q)) {
    if (key === 'page' || key === 'page_size') continue;
    if (!allowedFilters.includes(key) || typeof q[key] !== 'string') errors[key] = [`Unknown filter "${key}".`];
    else filters[key] = q[key] as string;
  }
  if (Object.keys(errors).length) throw validationError(errors);
  return { page, pageSize, filters };
}
