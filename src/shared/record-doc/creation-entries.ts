import { DOC_SCHEMA_VERSION, TAG_PREFIX, type Entry } from './doc-format';
import { addDerivedEntries, derivesFields, storedAtCreation } from './derived-fields';

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
  if (derivesFields(version)) addDerivedEntries(entries, { createdMs: a.createdMs, creator: a.writer, creatorUser: a.userId });
  return entries;
}
