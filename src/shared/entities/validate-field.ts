import type { FieldDef } from './field-def';

export type FieldResult = { ok: true; value: unknown } | { ok: false; message: string };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE_RE = /^[+()\d][\d\s().\-/]{2,30}(\s*(x|ext\.?)\s*\d{1,6})?$/i;
const NUMERIC_RE = /^-?\d+(\.\d+)?$/;
const DEFAULT_MAX_LENGTH = 255;
const LONG_TEXT_MAX_LENGTH = 100_000;

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const fail = (message: string): FieldResult => ({ ok: false, message });

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && NUMERIC_RE.test(raw.trim())) return Number(raw.trim());
  return null;
}

function checkBounds(n: number, def: FieldDef): FieldResult | null {
  if (def.min !== undefined && n < def.min) return fail(`Ensure this value is greater than or equal to ${def.min}.`);
  if (def.max !== undefined && n > def.max) return fail(`Ensure this value is less than or equal to ${def.max}.`);
  return null;
}

export function isValidDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** ISO 8601 date-time (or a plain date, taken as midnight UTC) normalised to UTC. */
export function parseDateTime(value: string): string | null {
  if (isValidDate(value)) return `${value}T00:00:00.000Z`;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?$/.exec(value);
  if (!m) return null;
  // Date() rolls 2024-02-30 over to March 1 and 24:00 to the next day: refuse, never store another time.
  if (!isValidDate(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[5] ?? 0) > 59) return null;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Validates and normalises one value for a field. Null (or an empty string for optional
 * scalar fields) clears the field. Messages follow the wording clients of the original
 * system already show to people.
 */
export function validateFieldValue(def: FieldDef, raw: unknown): FieldResult {
  if (raw === null || raw === undefined || (raw === '' && def.kind !== 'tags')) {
    return def.required ? fail('This field may not be blank.') : ok(null);
  }
  switch (def.kind) {
    case 'text':
    case 'longtext':
    case 'phone':
    case 'url':
    case 'email': {
      if (typeof raw !== 'string') return fail('Not a valid string.');
      const value = raw.trim();
      const max = def.maxLength ?? (def.kind === 'longtext' ? LONG_TEXT_MAX_LENGTH : DEFAULT_MAX_LENGTH);
      if (value.length > max) return fail(`Ensure this field has no more than ${max} characters.`);
      if (value === '') return def.required ? fail('This field may not be blank.') : ok(null);
      if (def.kind === 'email' && !EMAIL_RE.test(value)) return fail('Enter a valid email address.');
      if (def.kind === 'phone' && !PHONE_RE.test(value)) return fail('Enter a valid phone number.');
      if (def.kind === 'url') {
        try {
          const u = new URL(value);
          if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail('Enter a valid URL.');
        } catch {
          return fail('Enter a valid URL.');
        }
      }
      return ok(value);
    }
    case 'enum':
      if (typeof raw !== 'string' || !def.options?.includes(raw)) return fail(`"${String(raw)}" is not a valid choice.`);
      return ok(raw);
    case 'int': {
      const n = toNumber(raw);
      if (n === null || !Number.isInteger(n)) return fail('A valid integer is required.');
      return checkBounds(n, def) ?? ok(n);
    }
    case 'decimal': {
      const n = toNumber(raw);
      if (n === null) return fail('A valid number is required.');
      if (Math.abs(n) >= 1e13) return fail('Ensure that there are no more than 15 digits in total.');
      return checkBounds(n, def) ?? ok(Math.round(n * 100) / 100);
    }
    case 'bool':
      if (typeof raw !== 'boolean') return fail('Must be a valid boolean.');
      return ok(raw);
    case 'date':
      if (typeof raw !== 'string' || !isValidDate(raw)) return fail('Date has wrong format. Use YYYY-MM-DD.');
      return ok(raw);
    case 'datetime': {
      const value = typeof raw === 'string' ? parseDateTime(raw) : null;
      return value ? ok(value) : fail('Datetime has wrong format. Use ISO 8601, e.g. 2024-01-15T10:30:00Z.');
    }
    case 'ref': {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : raw;
      if (typeof id !== 'string' || id.length === 0 || id.length > 64) return fail('Incorrect type. Expected an id string.');
      return ok(id);
    }
    case 'tags': {
      if (!Array.isArray(raw)) return fail('Expected a list of strings.');
      if (raw.length > 50) return fail('Ensure this field has no more than 50 tags.');
      const tags: string[] = [];
      for (const t of raw) {
        if (typeof t !== 'string' || t.trim() === '' || t.length > 50) return fail('Each tag must be a non-empty string of at most 50 characters.');
        if (!tags.includes(t.trim())) tags.push(t.trim());
      }
      return ok(tags);
    }
    case 'json':
      if (typeof raw !== 'object' || Array.isArray(raw)) return fail('Expected an object.');
      if (JSON.stringify(raw).length > 10_000) return fail('Ensure this object is smaller than 10 KB.');
      return ok(raw);
  }
}
