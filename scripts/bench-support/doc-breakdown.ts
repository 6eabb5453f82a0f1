import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Where a record document's bytes go, item by item, as Yjs encodes them (update format v1):
 * each live root-map item costs its struct overhead (info byte, parent name, content length),
 * its key (field name, plus `@writer` on field entries), and its content (for a field entry
 * `[value, stamp]`: the value, and the array wrapper and stamp). Meta and writer entries are
 * counted whole. Deleted items (overwritten entries) are what remains of them in the state.
 */
export const PARTS = [
  'meta',
  'writers',
  'field names',
  'writer suffixes',
  'values',
  'stamps+wrapper',
  'item overhead',
  'deleted items',
  'history',
  'header+delete set',
] as const;
export type Part = (typeof PARTS)[number];

/** What a schema-2 creation stores that schema 3 derives or leaves out (subset of the parts above). */
export const SAVINGS = ['created_at', 'updated_at', 'created_by', 'null values'] as const;
export type Saving = (typeof SAVINGS)[number];

function anyBytes(value: unknown): number {
  const e = encoding.createEncoder();
  encoding.writeAny(e, value as encoding.AnyEncodable);
  return encoding.length(e);
}

function varStringBytes(s: string): number {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, s);
  return encoding.length(e);
}

function structBytes(struct: Y.Item | Y.GC): number {
  const e = new Y.UpdateEncoderV1();
  struct.write(e, 0);
  return encoding.length(e.restEncoder);
}

export interface Breakdown {
  total: number;
  parts: Record<Part, number>;
  savings: Record<Saving, number>;
}

export function breakdown(state: Uint8Array): Breakdown {
  const parts = Object.fromEntries(PARTS.map((p) => [p, 0])) as Record<Part, number>;
  const savings = Object.fromEntries(SAVINGS.map((p) => [p, 0])) as Record<Saving, number>;
  const decoded = Y.decodeUpdate(state);
  let counted = 0;
  for (const s of decoded.structs) {
    const bytes = structBytes(s as Y.Item | Y.GC);
    counted += bytes;
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny) || Y.isDeleted(decoded.ds, s.id)) {
      parts['deleted items'] += bytes;
      continue;
    }
    const parent = s.parent as unknown;
    const root = typeof parent === 'string' ? parent : '';
    const key = s.parentSub ?? '';
    const value = s.content.arr[0];
    if (root === 'm') parts.meta += bytes;
    else if (root === 'w') parts.writers += bytes;
    else if (root === 'h') parts.history += bytes;
    else if (root === 'f' && Array.isArray(value) && s.origin === null) {
      const at = key.lastIndexOf('@');
      const field = at > 0 ? key.slice(0, at) : key;
      const keyBytes = varStringBytes(key);
      const valueBytes = anyBytes(value[0]);
      const fieldBytes = keyBytes - (key.length - field.length);
      parts['field names'] += fieldBytes;
      parts['writer suffixes'] += keyBytes - fieldBytes;
      parts.values += valueBytes;
      parts['stamps+wrapper'] += anyBytes(value) - valueBytes;
      parts['item overhead'] += bytes - keyBytes - anyBytes(value);
      if (field === 'created_at' || field === 'updated_at' || field === 'created_by') savings[field] += bytes;
      else if (value[0] === null) savings['null values'] += bytes;
    } else if (root === 'f' && Array.isArray(value)) {
      // An overwrite names its origin instead of its parent and key: no key bytes.
      const valueBytes = anyBytes(value[0]);
      parts.values += valueBytes;
      parts['stamps+wrapper'] += anyBytes(value) - valueBytes;
      parts['item overhead'] += bytes - anyBytes(value);
    } else parts['item overhead'] += bytes;
  }
  parts['header+delete set'] = state.byteLength - counted;
  return { total: state.byteLength, parts, savings };
}
