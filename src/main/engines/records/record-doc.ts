import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import {
  DOC_SCHEMA_VERSION,
  FIELDS,
  META,
  TAG_PREFIX,
  WRITERS,
  canonicalJson,
  fieldKey,
  readEntries,
  tagsOf,
  winnersOf,
  writerKey,
  type Entry,
  type Winners,
} from '../../../shared/record-doc/doc-format';
import { HISTORY, historyKey, type StageValue } from '../../../shared/record-doc/stage-log';
import { storedAtCreation, storedOnWrite } from '../../../shared/record-doc/derived-fields';
import { toStoredValue } from '../../../shared/record-doc/stored-values';

export { readEntries, winnersOf, type Entry, type Winners };

/** A document for one write or read; the write path keeps a bounded few (doc-cache.ts), never a table of them (DESIGN.md section 3). */
export function loadDoc(id: string, state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc({ guid: id });
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

export function readWinners(doc: Y.Doc): Winners {
  return winnersOf(readEntries(doc));
}

export interface WriteArgs {
  entity: string;
  /** This process's Yjs client id for the acting user (a writer). */
  clientId: number;
  userId: string | null;
  stamp: number;
  /** Creation time in ms, for a new document. */
  createdMs: number | null;
  /** Field values to write (`custom_fields.<name>` for custom values; `tags` as the whole new list). */
  values: Record<string, unknown>;
  entries: Map<string, Entry[]>;
  /** A stage move this write makes: appended to the document's stage history under the write's stamp. */
  stageMove?: StageValue | null;
  /** The schema a new document is created with (default: the current one); an existing one keeps its own. */
  version?: number;
}

/**
 * Writes values as this writer's entries, superseding every entry of those fields the writer
 * has seen, and returns the Yjs update that did it. What is stored follows the document's
 * schema (derived-fields.ts): a schema-3 document stores no derived field and no null at creation.
 */
export function writeRecord(doc: Y.Doc, args: WriteArgs): Uint8Array {
  doc.clientID = args.clientId;
  const writer = writerKey(args.clientId);
  const updates: Uint8Array[] = [];
  const capture = (u: Uint8Array) => updates.push(u);
  doc.on('update', capture);
  try {
    doc.transact(() => {
      const meta = doc.getMap(META);
      let values = args.values;
      let version: number | null;
      if (args.createdMs !== null) {
        version = args.version ?? DOC_SCHEMA_VERSION;
        meta.set('e', args.entity);
        meta.set('t', args.createdMs);
        meta.set('v', version);
        values = storedAtCreation(version, values);
      } else {
        const v = meta.get('v');
        version = typeof v === 'number' ? v : null;
        values = Object.fromEntries(Object.entries(values).filter(([field]) => storedOnWrite(version, field, args.values)));
      }
      const base = (meta.get('t') as number) * 1000;
      const writers = doc.getMap(WRITERS);
      if (!writers.has(writer)) writers.set(writer, [args.userId]);
      const fields = doc.getMap(FIELDS);
      const put = (field: string, value: unknown) => {
        for (const e of args.entries.get(field) ?? []) if (e.writer !== writer) fields.delete(fieldKey(field, e.writer));
        fields.set(fieldKey(field, writer), [toStoredValue(version, value ?? null), args.stamp - base]);
      };
      for (const [field, value] of Object.entries(values)) {
        if (field === 'tags') writeTags(args.entries, Array.isArray(value) ? (value as string[]) : [], put);
        else put(field, value);
      }
      if (args.stageMove) doc.getMap(HISTORY).set(historyKey(args.stamp - base, writer), args.stageMove);
    });
  } finally {
    doc.off('update', capture);
  }
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
}

/** Tags are a set: only the tags added or removed by this write get entries. */
function writeTags(entries: Map<string, Entry[]>, next: string[], put: (field: string, value: unknown) => void): void {
  const current = new Set(tagsOf(winnersOf(entries)));
  const wanted = new Set(next);
  for (const tag of wanted) if (!current.has(tag)) put(`${TAG_PREFIX}${tag}`, true);
  for (const tag of current) if (!wanted.has(tag)) put(`${TAG_PREFIX}${tag}`, false);
}

/** SHA-256 over the sorted live entries: two installs match exactly when values and conflicts do. */
export function recordDigest(id: string, state: Uint8Array): string {
  const doc = loadDoc(id, state);
  try {
    const entries = [...readEntries(doc).values()].flat().map((e) => [e.field, e.writer, e.stamp, canonicalJson(e.value)]);
    // The stage history is part of what two installs must agree on.
    doc.getMap(HISTORY).forEach((value, key) => entries.push([`${HISTORY}:${key}`, '', 0, canonicalJson(value)]));
    entries.sort((a, b) => (String(a[0]) + a[1] < String(b[0]) + b[1] ? -1 : 1));
    return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
  } finally {
    doc.destroy();
  }
}
