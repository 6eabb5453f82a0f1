import * as Y from 'yjs';
import { NOTES_FIELD } from '../../../shared/co-editing/doc-channel';

/** FNV-1a over the text, as a nonzero 31-bit Yjs client id. */
function seedClientId(recordId: string, value: string): number {
  let h = 0x811c9dc5;
  const s = `${recordId}\u0000${value}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff || 1;
}

/**
 * The first state of a room's text, built from the record's notes. Deterministic: two installs
 * that open the same record with the same notes build byte-identical structs (same client id,
 * same clocks), so when their rooms meet over the relay, merging them changes nothing instead
 * of doubling the text.
 */
export function seedUpdate(recordId: string, value: string): Uint8Array | null {
  if (value === '') return null;
  const seed = new Y.Doc();
  seed.clientID = seedClientId(recordId, value);
  seed.getText(NOTES_FIELD).insert(0, value);
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  return update;
}
