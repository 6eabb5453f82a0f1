import * as Y from 'yjs';
import { addDerivedEntries, derivesFields } from './derived-fields';
import { isScopedDocId } from './scoped-doc';
import { fromStoredValue } from './stored-values';

/**
 * The record document format (schema versions 2 and 3), shared by the engine and the relay.
 *
 * One Y.Doc per record (guid = record id) with three root maps (and a fourth for stage history):
 * - `m` (meta): `e` entity name and `t` creation wall time in ms, both set once by the creator;
 *   `v` the document schema version the creator wrote.
 * - `w` (writers): `<writer>` -> `[userId | null]`, where a writer is one Yjs client id in base 36.
 *   An install uses a fresh client id per process and signed-in user, so a restored backup or a
 *   copied store never reuses one. The relay checks that a writer entry names the pushing member.
 * - `f` (fields): `<field>@<writer>` -> `[value, stamp]`. Each writer writes only its own keys,
 *   so Yjs never picks between two writers of one key by client id (a coin flip). A write of a
 *   field also deletes every entry of that field it has seen: entries still alive side by side
 *   were written concurrently, and the one with the greatest (stamp, writer) is the value. The
 *   others are the field's conflict, a pure function of the document, the same on every peer.
 *
 * - `h` (history, deals and leads only): the stage moves, append-only (see stage-log.ts).
 *
 * Tags are a set: the entry `#<tag>@<writer>` holds `true` (added) or `false` (removed), merged
 * per tag by the same rule, so concurrent additions of different tags both survive.
 *
 * Stamps are hybrid logical clock values `wall_ms * 1000 + counter` stored relative to the
 * document's creation time (`(wall - t) * 1000 + counter`), which keeps them small integers.
 *
 * Schema 3 has the same maps, keys and entry shapes, and stores less (derived-fields.ts): no
 * null at creation, and `created_at`, `updated_at`, `created_by` derived from `m.t`, the
 * greatest stamp and the creator's writer; ids stored as 16 bytes (stored-values.ts). A document keeps the schema its creator wrote (`m.v`):
 * a write into a schema-2 document still stores those fields, so schema-2 peers read it right.
 * Because the shapes are schema 2's, a schema-2 install that receives a schema-3 record passes
 * it through its checks, sees `m.v = 3` and parks it ("newer_schema", update the app) instead
 * of refusing it as malformed; once updated, it applies what it parked.
 */
export const DOC_SCHEMA_VERSION = 3;
/** The schema of documents built from rows by the migrations that first made them (they store every value). */
export const DOC_SCHEMA_V2 = 2;

export const META = 'm';
export const WRITERS = 'w';
export const FIELDS = 'f';
export const TAG_PREFIX = '#';

/** Entries this big are refused: values are bounded far below this by the entity schemas. */
export const MAX_VALUE_BYTES = 64 * 1024;
export const MAX_UPDATE_BYTES = 1024 * 1024;

export interface Entry {
  field: string;
  writer: string;
  value: unknown;
  /** Absolute HLC stamp (`wall_ms * 1000 + counter`). */
  stamp: number;
}

export function writerKey(clientId: number): string {
  return clientId.toString(36);
}

export function fieldKey(field: string, writer: string): string {
  return `${field}@${writer}`;
}

/** `<field>@<writer>` -> parts, or null when the key is not of that form. */
export function parseFieldKey(key: string): { field: string; writer: string } | null {
  const at = key.lastIndexOf('@');
  if (at <= 0 || at === key.length - 1) return null;
  const writer = key.slice(at + 1);
  if (!/^[0-9a-z]{1,7}$/.test(writer)) return null;
  return { field: key.slice(0, at), writer };
}

export function docMeta(doc: Y.Doc): { entity: string | null; createdMs: number | null; version: number | null } {
  const meta = doc.getMap(META);
  const e = meta.get('e');
  const t = meta.get('t');
  const v = meta.get('v');
  return {
    entity: typeof e === 'string' ? e : null,
    createdMs: typeof t === 'number' && Number.isSafeInteger(t) ? t : null,
    version: typeof v === 'number' ? v : null,
  };
}

export function writerUser(doc: Y.Doc, writer: string): string | null {
  const w = doc.getMap(WRITERS).get(writer);
  return Array.isArray(w) && typeof w[0] === 'string' ? w[0] : null;
}

function isStoredEntry(value: unknown): value is [unknown, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[1] === 'number' && Number.isSafeInteger(value[1]);
}

/** The writer (base 36) that wrote the document's meta: its creator. Null before the meta arrived. */
export function creatorOf(doc: Y.Doc): string | null {
  const item = doc.getMap(META)._map.get('t');
  return item ? writerKey(item.id.client) : null;
}

/**
 * Every live entry, grouped by field (tags under `#<tag>`). Malformed entries are skipped. A
 * schema-3 record document gets its derived entries too; a role-restricted document (its id
 * `<record>::<scope>`) holds custom values only and derives nothing.
 */
export function readEntries(doc: Y.Doc): Map<string, Entry[]> {
  const meta = docMeta(doc);
  const entries = readStoredEntries(doc, (meta.createdMs ?? 0) * 1000);
  if (!derivesFields(meta.version) || meta.createdMs === null || isScopedDocId(doc.guid)) return entries;
  const creator = creatorOf(doc);
  return creator === null ? entries : addDerivedEntries(entries, { createdMs: meta.createdMs, creator, creatorUser: writerUser(doc, creator) });
}

function readStoredEntries(doc: Y.Doc, base: number): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  doc.getMap(FIELDS).forEach((value, key) => {
    const parsed = parseFieldKey(key);
    if (!parsed || !isStoredEntry(value)) return;
    const entry: Entry = { field: parsed.field, writer: parsed.writer, value: fromStoredValue(value[0]), stamp: base + value[1] };
    const list = out.get(parsed.field);
    if (list) list.push(entry);
    else out.set(parsed.field, [entry]);
  });
  return out;
}

/** Greater stamp wins; equal stamps (two writers in the same ms and counter) by writer. */
export function beats(a: Entry, b: Entry): boolean {
  return a.stamp !== b.stamp ? a.stamp > b.stamp : a.writer > b.writer;
}

export function pickWinner(entries: readonly Entry[]): Entry {
  let best = entries[0];
  for (const e of entries) if (beats(e, best)) best = e;
  return best;
}

export type Winners = Map<string, Entry>;

export function winnersOf(entries: Map<string, Entry[]>): Winners {
  const winners: Winners = new Map();
  for (const [field, list] of entries) winners.set(field, pickWinner(list));
  return winners;
}

/** The tags a document holds: each tag's winning entry says whether it is in the set. */
export function tagsOf(winners: Winners): string[] {
  const tags: string[] = [];
  for (const [field, entry] of winners) {
    if (field.startsWith(TAG_PREFIX) && entry.value === true) tags.push(field.slice(TAG_PREFIX.length));
  }
  return tags.sort();
}

/** The greatest stamp of the document: the record's version for stale-write checks. */
export function latestStamp(entries: Map<string, Entry[]>): number {
  let max = 0;
  for (const list of entries.values()) for (const e of list) if (e.stamp > max) max = e.stamp;
  return max;
}

/** JSON with object keys sorted, so equal values have equal text on every peer. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
