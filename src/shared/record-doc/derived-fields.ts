import type { Entry } from './doc-format';
import { stampTime } from './stamps';

/**
 * Schema 3 (see doc-format.ts): what a record document derives instead of storing. Schema 2
 * stored `created_at`, `updated_at` and `created_by` as field entries and wrote every field at
 * creation, nulls included: a quarter of an activity's bytes (README, "Where a schema-2
 * document's bytes go"). In schema 3 they are read from what the document already holds:
 * - `created_at`: the creation time `m.t`;
 * - `created_by`: the user of the creator's writer (the client that wrote `m`);
 * - `updated_at`: the wall time of the document's greatest stamp (every write makes one);
 * - a field without an entry is null.
 * Each is a function of the document alone, so every peer derives the same values.
 */
export const DERIVED_FIELDS: ReadonlySet<string> = new Set(['created_at', 'updated_at', 'created_by']);

/** Whether a document of this schema version derives the fields above (3 and later). */
export function derivesFields(version: number | null): boolean {
  return version !== null && version >= 3;
}

/** What a creation stores under a schema version: schema 3 leaves out nulls, empty tag lists and derived fields. */
export function storedAtCreation(version: number, values: Record<string, unknown>): Record<string, unknown> {
  if (!derivesFields(version)) return values;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === undefined || DERIVED_FIELDS.has(field)) continue;
    if (field === 'tags' && Array.isArray(value) && value.length === 0) continue;
    out[field] = value;
  }
  return out;
}

/**
 * Whether a later write stores this field in a schema-3 document. `updated_at` is written only
 * by a write that leaves nothing else in the record's document (a role-restricted value, which
 * lives in a scoped document): its stamp is then what moves the record's `updated_at`.
 */
export function storedOnWrite(version: number | null, field: string, values: Record<string, unknown>): boolean {
  if (!derivesFields(version) || !DERIVED_FIELDS.has(field)) return true;
  return field === 'updated_at' && Object.keys(values).every((f) => DERIVED_FIELDS.has(f));
}

export interface Creation {
  createdMs: number;
  /** The writer (client id, base 36) that wrote the document's meta. */
  creator: string;
  /** The user behind that writer (null for a system write). */
  creatorUser: string | null;
}

/**
 * Sets the derived entries of a schema-3 record document on the entries read from it. What a
 * document stores under these names is ignored: no schema-3 writer stores `created_at` or
 * `created_by`, so a stored one could only be forged, and `updated_at` is always the greatest
 * stamp's time, whatever a restricted-only write stored for it.
 */
export function addDerivedEntries(entries: Map<string, Entry[]>, c: Creation): Map<string, Entry[]> {
  const createdStamp = c.createdMs * 1000;
  let latest: Entry | null = null;
  for (const list of entries.values())
    for (const e of list) if (!latest || e.stamp > latest.stamp || (e.stamp === latest.stamp && e.writer > latest.writer)) latest = e;
  const created = (field: string, value: unknown): Entry[] => [{ field, writer: c.creator, value, stamp: createdStamp }];
  entries.set('created_at', created('created_at', new Date(c.createdMs).toISOString()));
  entries.set('created_by', created('created_by', c.creatorUser));
  const updated = latest && latest.stamp > createdStamp ? latest : null;
  entries.set(
    'updated_at',
    updated
      ? [{ field: 'updated_at', writer: updated.writer, value: stampTime(updated.stamp), stamp: updated.stamp }]
      : created('updated_at', new Date(c.createdMs).toISOString()),
  );
  return entries;
}
