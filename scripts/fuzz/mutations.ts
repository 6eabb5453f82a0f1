import type { JsonSchema } from '../../src/shared/contract/operation';

/**
 * What the API fuzzer sends: bodies derived from each operation's request schema, then bent
 * the ways an attacker bends them (wrong types, prototype-named keys, deep nesting, huge and
 * odd strings, broken JSON), and query strings built from field names, lookups and hostile
 * values. Seeded, so a failing run can be replayed.
 */
export class Prng {
  constructor(private state: number) {}
  next(): number {
    // mulberry32
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const ODD_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '９９',
  '😀',
  '😀'.repeat(300),
  'a\u0000b',
  '\u202e',
  '＝1+1',
  '=cmd|calc',
  "' OR 1=1 --",
  '"; DROP TABLE leads; --',
  'NEAR(a b)',
  '*',
  '"',
  '\\',
  '%',
  '_',
  '../../etc/passwd',
  '<script>x</script>',
  '2024-02-30',
  '2024-02-30T10:00:00Z',
  '9999-99-99',
  '2024-13-01T00:00:00Z',
  'T',
  '2024-01-01T24:00:00Z',
  'true',
  '{}',
  '[]',
  '01900000-0000-7000-8000-000000000000',
  'toString',
  '__proto__',
  'custom_fields.x',
  'a'.repeat(300),
  'x@y',
  'admin',
];

export function oddString(rng: Prng): string {
  if (rng.chance(0.05)) return 'z'.repeat(rng.pick([1000, 10_000, 100_000]));
  return rng.pick(ODD_STRINGS);
}

/** Any JSON value, with a bias for the odd ones. */
export function anyValue(rng: Prng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 7 : 9)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1, 1.5, 2 ** 53, -(2 ** 63), 1e308, 101, 100_000]);
    case 3:
      return oddString(rng);
    case 4:
      return oddString(rng);
    case 5:
      return rng.pick(['lead', 'contact', 'update', 'delete', 'qualification', 'website', 'sales_rep', 'admin']);
    case 6:
      return 'a';
    case 7:
      return Array.from({ length: rng.int(4) }, () => anyValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) out[rng.chance(0.3) ? rng.pick(HOSTILE_KEYS) : `k${rng.int(5)}`] = anyValue(rng, depth + 1);
      return out;
    }
  }
}

/** A plausible value for a schema, so mutations start from bodies the route mostly accepts. */
export function fromSchema(schema: JsonSchema | undefined, rng: Prng, depth = 0): unknown {
  if (!schema || depth > 4) return anyValue(rng, depth);
  if (Array.isArray(schema.enum) && schema.enum.length) return rng.pick(schema.enum as unknown[]);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date') return rng.pick(['2030-01-01', '2024-02-29', '2024-02-30']);
      if (schema.format === 'date-time') return rng.pick(['2030-01-01T10:00:00Z', '2024-02-30T10:00:00Z']);
      if (schema.format === 'email') return `f${rng.int(1e6)}@fuzz.test`;
      return rng.chance(0.7) ? `fuzz ${rng.int(1000)}` : oddString(rng);
    case 'integer':
    case 'number':
      return rng.pick([0, 1, 10, 50, 100, -5, 1.5]);
    case 'boolean':
      return rng.chance(0.5);
    case 'array':
      return Array.from({ length: rng.int(3) }, () => fromSchema(schema.items as JsonSchema, rng, depth + 1));
    case 'null':
      return null;
    case 'object':
    default: {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const [key, sub] of Object.entries(props)) if (rng.chance(0.6)) out[key] = fromSchema(sub, rng, depth + 1);
      return out;
    }
  }
}

/** Nesting as text: JSON.stringify itself overflows the stack at a few thousand levels. */
function nestedText(depth: number, asList: boolean): string {
  return asList ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** One mutated body as raw text (it may not be JSON at all). */
export function mutateBody(schema: JsonSchema | undefined, rng: Prng, fields: readonly string[]): string {
  const base = fromSchema(schema, rng) as Record<string, unknown>;
  const body: Record<string, unknown> = typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {};
  const keys = [...Object.keys(body), ...fields];
  switch (rng.int(12)) {
    case 0: // as derived
      break;
    case 1: // a field with a wrong type
      if (keys.length) body[rng.pick(keys)] = anyValue(rng);
      break;
    case 2: // a prototype-named key, at the top or nested
      if (rng.chance(0.5)) body[rng.pick(HOSTILE_KEYS)] = anyValue(rng);
      else body[rng.pick(keys.length ? keys : ['custom_fields'])] = { [rng.pick(HOSTILE_KEYS)]: anyValue(rng) };
      break;
    case 3: // deep nesting under a real key
      body[rng.pick(keys.length ? keys : ['x'])] = '\u0000deep';
      return JSON.stringify(body).replace('"\\u0000deep"', nestedText(rng.pick([10, 33, 100, 1000, 5000]), rng.chance(0.5)));
    case 4: // custom fields of any shape
      body.custom_fields = rng.chance(0.5) ? anyValue(rng) : { [rng.pick(['x', 'toString', '__proto__', 'region'])]: anyValue(rng) };
      break;
    case 5: // unknown keys
      body[`unknown_${rng.int(100)}`] = anyValue(rng);
      break;
    case 6: // not an object at the top
      return JSON.stringify(rng.pick([[], [body], 'text', 42, null, true]));
    case 7: {
      // broken JSON text
      const text = JSON.stringify(body);
      return rng.pick([text.slice(0, Math.max(1, text.length - 1)), `${text},`, `{${text}`, '{"a":1,"a":2}', '\u0000', '{"a":"\\ud800"}', '']);
    }
    case 8: // many keys
      for (let i = 0; i < 200; i++) body[`f${i}`] = i;
      break;
    case 9: // every field odd
      for (const key of keys) body[key] = anyValue(rng);
      break;
    case 10: // ids lists, bulk-like
      body.ids = rng.pick([[], ['x'], Array.from({ length: 1001 }, (_, i) => `id${i}`), 'x', [1, 2], [null]]);
      body.action = rng.pick(['update', 'delete', 'restore', 'nuke', null]);
      body.changes = anyValue(rng);
      break;
    default: // a huge string
      if (keys.length) body[rng.pick(keys)] = 'x'.repeat(rng.pick([256, 10_001, 100_001, 300_000]));
      break;
  }
  return JSON.stringify(body);
}

const LOOKUPS = [
  '',
  '__exact',
  '__iexact',
  '__icontains',
  '__contains',
  '__startswith',
  '__istartswith',
  '__endswith',
  '__in',
  '__gt',
  '__gte',
  '__lt',
  '__lte',
  '__range',
  '__isnull',
  '__all',
  '__bogus',
  '__',
  '____in',
];
const CONTROL = ['search', 'ordering', 'page', 'page_size', 'fields', 'model', 'object_id', 'user', 'action', 'start_date', 'end_date', 'at', 'format'];

/** One query string for a GET route. */
export function mutateQuery(rng: Prng, fields: readonly string[]): string {
  const params = new URLSearchParams();
  for (let i = 1 + rng.int(3); i > 0; i--) {
    const roll = rng.int(10);
    const name =
      roll < 2
        ? rng.pick(HOSTILE_KEYS)
        : roll < 4
          ? rng.pick(CONTROL)
          : roll < 5
            ? `nope${rng.int(9)}`
            : `${rng.pick(fields.length ? fields : ['name'])}${rng.pick(LOOKUPS)}`;
    const value = rng.chance(0.3)
      ? rng.pick(['1', '0', '-1', '100', '101', '1e9', 'true', 'a,a', `${rng.pick(fields.length ? fields : ['id'])},toString`, '-created_at,name'])
      : oddString(rng).slice(0, 2000);
    params.append(name, value);
    if (rng.chance(0.1)) params.append(name, value);
  }
  return params.toString();
}
