import * as Y from 'yjs';
import { FIELDS, META, WRITERS, parseFieldKey, writerKey, type Entry } from './doc-format';
import { HISTORY, STAGE_FIELDS, stepsOf, type StageStep } from './stage-log';
import { addDerivedEntries, derivesFields } from './derived-fields';
import { fromStoredValue } from './stored-values';

/**
 * A whole record document read straight from an update's structs, without building a Y.Doc:
 * the bulk path for records this install does not have yet (a new device's bootstrap, catch-up
 * of records created elsewhere). Only a self-contained update qualifies: every writer's items
 * from clock 0 without a gap, so nothing it builds on is missing. Yjs itself would produce the
 * same document from these bytes; the tests check that the two readings agree. Only for a
 * record's own document (a schema-3 one gets its derived entries, as readEntries gives them).
 */
export interface RecordContent {
  entity: string | null;
  createdMs: number | null;
  version: number | null;
  writers: Map<string, string | null>;
  entries: Map<string, Entry[]>;
  /** The stage history it carries (deals and leads), in authored order. */
  stages: StageStep[];
  stateVector: Map<number, number>;
}

type Decoded = ReturnType<typeof Y.decodeUpdate>;

export function readSelfContained(decoded: Decoded): RecordContent | null {
  const stateVector = new Map<number, number>();
  const byClient = new Map<number, Y.Item[]>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item) && !(s instanceof Y.GC)) return null;
    const client = s.id.client;
    if ((stateVector.get(client) ?? 0) !== s.id.clock) return null;
    stateVector.set(client, s.id.clock + s.length);
    if (s instanceof Y.Item) {
      const list = byClient.get(client);
      if (list) list.push(s);
      else byClient.set(client, [s]);
    }
  }
  const placeOf = (item: Y.Item, depth = 0): { root: string; key: string } | null => {
    if (item.origin === null) return typeof item.parent === 'string' && item.parentSub !== null ? { root: item.parent, key: item.parentSub } : null;
    if (depth > 10_000) return null;
    const origin = item.origin;
    const previous = byClient.get(origin.client)?.find((i) => i.id.clock <= origin.clock && origin.clock < i.id.clock + i.length);
    return previous ? placeOf(previous, depth + 1) : null;
  };
  const content: RecordContent = { entity: null, createdMs: null, version: null, writers: new Map(), entries: new Map(), stages: [], stateVector };
  const meta = new Map<string, unknown>();
  const fields: { key: string; value: unknown; writer: string }[] = [];
  const history: [string, unknown][] = [];
  let creator: string | null = null;
  for (const items of byClient.values()) {
    for (const item of items) {
      if (!(item.content instanceof Y.ContentAny) || Y.isDeleted(decoded.ds, item.id)) continue;
      const place = placeOf(item);
      if (!place) return null;
      const value = item.content.arr[item.content.arr.length - 1];
      if (place.root === META) {
        meta.set(place.key, value);
        if (place.key === 't') creator = writerKey(item.id.client);
      } else if (place.root === WRITERS) content.writers.set(place.key, Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null);
      else if (place.root === FIELDS) fields.push({ key: place.key, value, writer: writerKey(item.id.client) });
      else if (place.root === HISTORY) history.push([place.key, value]);
    }
  }
  const e = meta.get('e');
  const t = meta.get('t');
  const v = meta.get('v');
  content.entity = typeof e === 'string' ? e : null;
  content.createdMs = typeof t === 'number' && Number.isSafeInteger(t) ? t : null;
  content.version = typeof v === 'number' ? v : null;
  const base = (content.createdMs ?? 0) * 1000;
  for (const f of fields) {
    const parsed = parseFieldKey(f.key);
    if (!parsed || !Array.isArray(f.value) || f.value.length !== 2 || !Number.isSafeInteger(f.value[1])) continue;
    const entry: Entry = { field: parsed.field, writer: parsed.writer, value: fromStoredValue(f.value[0]), stamp: base + (f.value[1] as number) };
    const list = content.entries.get(parsed.field);
    if (list) list.push(entry);
    else content.entries.set(parsed.field, [entry]);
  }
  if (derivesFields(content.version) && content.createdMs !== null && creator !== null) {
    addDerivedEntries(content.entries, { createdMs: content.createdMs, creator, creatorUser: content.writers.get(creator) ?? null });
  }
  if (history.length > 0 && content.entity !== null && content.createdMs !== null && STAGE_FIELDS[content.entity]) {
    content.stages = stepsOf(history, content.createdMs, (w) => content.writers.get(w) ?? null);
  }
  return content;
}
