import { DOC_SCHEMA_VERSION, TAG_PREFIX, type Entry } from './doc-format';
import { derivesFields, storedAtCreation } from './derived-fields';
import { stampTime, stampWallMs } from './stamps';

export interface CreationArgs {
  /** Every value of the new record (nulls and `created_*` included; `tags` as a list). */
  written: Record<string, unknown>;
  writer: string;
  userId: string | null;
  stamp: number;
  createdMs: number;
  version?: number;
}

/**
 * The entries a reader gets from a record document just created from `written`, without
 * reading it back (the create paths encode the document directly): one per stored field, one
 * per tag, and in schema 3 the derived ones, exactly as readEntries derives them on any peer.
 */
export function creationEntries(a: CreationArgs): Map<string, Entry[]> {
  const version = a.version ?? DOC_SCHEMA_VERSION;
  const entries = new Map<string, Entry[]>();
  for (const [field, value] of Object.entries(storedAtCreation(version, a.written))) {
    if (field !== 'tags') entries.set(field, [{ field, writer: a.writer, value: value ?? null, stamp: a.stamp }]);
    else
      for (const tag of new Set(value as string[]))
        entries.set(`${TAG_PREFIX}${tag}`, [{ field: `${TAG_PREFIX}${tag}`, writer: a.writer, value: true, stamp: a.stamp }]);
  }
  if (derivesFields(version)) addCreationDerived(entries, a);
  return entries;
}

/**
 * addDerivedEntries (derived-fields.ts) for a document just created: every entry has the
 * creation's one stamp and writer, so the greatest stamp is known without scanning the
 * entries (the scan and its dates were a tenth of a local create, schema 3's regression).
 * The result is the same entries addDerivedEntries sets (a test compares them).
 */
function addCreationDerived(entries: Map<string, Entry[]>, a: CreationArgs): void {
  const createdStamp = a.createdMs * 1000;
  const createdAt = new Date(a.createdMs).toISOString();
  entries.set('created_at', [{ field: 'created_at', writer: a.writer, value: createdAt, stamp: createdStamp }]);
  entries.set('created_by', [{ field: 'created_by', writer: a.writer, value: a.userId, stamp: createdStamp }]);
  // With no stored entry, or a stamp not above the creation, updated_at is the creation's own.
  const updated = entries.size > 2 && a.stamp > createdStamp;
  const updatedAt = !updated ? createdAt : stampWallMs(a.stamp) === a.createdMs ? createdAt : stampTime(a.stamp);
  entries.set('updated_at', [{ field: 'updated_at', writer: a.writer, value: updatedAt, stamp: updated ? a.stamp : createdStamp }]);
}
