import * as Y from 'yjs';
import { canonicalJson, latestStamp, readEntries, type Entry } from './doc-format';
import { DERIVED_FIELDS } from './derived-fields';
import { readStageLog } from './stage-log';
import { rewriteAsSchema3 } from './schema3-rewrite';

/**
 * What every reader takes from a record document, in terms of the document alone (no entity
 * definitions, so the relay can use it): each field's winning value (a null is no value, as a
 * schema-3 document stores no null at creation), every live entry of a field holding more
 * than one (its conflict, with stamps and writers), the version (greatest stamp) and the stage
 * history. The records engine's own check (`rewrite-check.ts`) also compares the projected
 * row; this one is what the relay can tell, and it is stricter on entries.
 */
export function documentEntriesReading(doc: Y.Doc): string {
  const entries = readEntries(doc);
  const values: Record<string, unknown> = {};
  const contested: Record<string, [string, number, string][]> = {};
  for (const [field, list] of entries) {
    const winner = list.reduce((a, b) => (b.stamp > a.stamp || (b.stamp === a.stamp && b.writer > a.writer) ? b : a));
    if (winner.value !== null || DERIVED_FIELDS.has(field)) values[field] = winner.value;
    if (list.length > 1 && !DERIVED_FIELDS.has(field)) contested[field] = list.map(entryKey).sort(byText);
  }
  return canonicalJson({ values, contested, version: latestStamp(entries), stages: readStageLog(doc) });
}

function entryKey(e: Entry): [string, number, string] {
  return [e.writer, e.stamp, canonicalJson(e.value)];
}

function byText(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type CheckedRewrite = { state: Uint8Array; rewritten: true } | { rewritten: false; reason: 'not_schema_2' | 'reads_differently' };

/**
 * The schema-3 rewrite of a record document's state when it reads exactly the same, else why
 * not. Deterministic: the same state gives the same bytes on any machine (schema3-rewrite.ts
 * writes entries in key order), which is what lets every relay instance rewrite alike.
 */
export function checkedRewrite(id: string, state: Uint8Array): CheckedRewrite {
  const next = rewriteAsSchema3({ id, state });
  if (!next) return { rewritten: false, reason: 'not_schema_2' };
  const before = new Y.Doc({ guid: id });
  const after = new Y.Doc({ guid: id });
  try {
    Y.applyUpdate(before, state);
    Y.applyUpdate(after, next);
    if (documentEntriesReading(before) !== documentEntriesReading(after)) return { rewritten: false, reason: 'reads_differently' };
    return { state: next, rewritten: true };
  } finally {
    before.destroy();
    after.destroy();
  }
}
