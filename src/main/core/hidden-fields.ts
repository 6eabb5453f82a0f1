import { CUSTOM_FIELD_PREFIX } from '../../shared/entities/field-def';
import { isJsonObject } from './json-object';

/**
 * Custom fields a role may not see, taken out of anything sent to a caller of that role: every
 * HTTP answer and every WebSocket frame pass through here (the transport and the socket
 * session call it), so a new endpoint or frame cannot forget it. Hidden names are matched
 * across models: a name hidden on one model is also taken out where another model shows a
 * field of the same name (over-hiding, never a leak).
 */
export type HiddenFieldNames = (role: string) => ReadonlySet<string>;

const PREFIXED = new RegExp(`${CUSTOM_FIELD_PREFIX.replace('.', '\\.')}([A-Za-z0-9_]+)`, 'g');
/** Keys of objects that name the field the object is about (field history rows, conflicts). */
const FIELD_NAMING_KEYS = ['field_name', 'field'];
const HIDDEN_TEXT = 'a hidden field';

function hiddenKey(key: string, hidden: ReadonlySet<string>): boolean {
  return key.startsWith(CUSTOM_FIELD_PREFIX) && hidden.has(key.slice(CUSTOM_FIELD_PREFIX.length));
}

function aboutHiddenField(value: unknown, hidden: ReadonlySet<string>): boolean {
  if (!isJsonObject(value)) return false;
  const named = value;
  return FIELD_NAMING_KEYS.some((k) => {
    const v = named[k];
    return typeof v === 'string' && hiddenKey(v, hidden);
  });
}

function redactText(text: string, hidden: ReadonlySet<string>): string {
  if (!text.includes(CUSTOM_FIELD_PREFIX)) return text;
  return text.replace(PREFIXED, (whole, name: string) => (hidden.has(name) ? HIDDEN_TEXT : whole));
}

/** A copy of `value` without the hidden fields' names and values (`value` itself is not changed). */
export function redactHiddenFields(value: unknown, hidden: ReadonlySet<string>): unknown {
  if (hidden.size === 0) return value;
  if (typeof value === 'string') return redactText(value, hidden);
  if (Array.isArray(value)) {
    return value
      .filter((item) => !(typeof item === 'string' && hiddenKey(item, hidden)) && !aboutHiddenField(item, hidden))
      .map((item) => redactHiddenFields(item, hidden));
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (hiddenKey(key, hidden)) continue;
    if (key === 'custom_fields' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out[key] = Object.fromEntries(
        Object.entries(v)
          .filter(([name]) => !hidden.has(name))
          .map(([n, x]) => [n, redactHiddenFields(x, hidden)]),
      );
      continue;
    }
    out[key] = redactHiddenFields(v, hidden);
  }
  return out;
}

/**
 * The same for a JSON text (a WebSocket frame, a raw JSON answer). Parses only when the text
 * could hold a hidden name, so frames without custom fields cost one substring search.
 */
export function redactHiddenFieldsInJson(text: string, hidden: ReadonlySet<string>): string {
  if (hidden.size === 0 || !text.includes('custom_fields')) return text;
  try {
    return JSON.stringify(redactHiddenFields(JSON.parse(text), hidden));
  } catch {
    return text;
  }
}
