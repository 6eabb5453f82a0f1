import { derivesFields } from './derived-fields';

/**
 * Schema 3 stores an id (a UUID in its canonical lowercase text, 38 bytes as a Yjs string) as
 * its 16 bytes (18 bytes as a Yjs binary): references to users, companies, contacts are most
 * of a record's values (an activity carries three, a deal four). Readers turn 16 bytes back
 * into the same text, so every value reads as it was written; any other text stays text.
 * Schema-2 documents keep text: a schema-2 install reads their values as they are.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toStoredValue(version: number | null, value: unknown): unknown {
  if (!derivesFields(version) || typeof value !== 'string' || value.length !== 36 || !UUID.test(value)) return value;
  const hex = value.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function fromStoredValue(value: unknown): unknown {
  if (!(value instanceof Uint8Array) || value.length !== 16) return value;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[value[i]];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
