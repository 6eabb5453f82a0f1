import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, FIELDS, META, WRITERS, creatorOf, docMeta, parseFieldKey, writerKey } from './doc-format';
import { DERIVED_FIELDS } from './derived-fields';
import { HISTORY, parseHistoryKey } from './stage-log';
import { isScopedDocId } from './scoped-doc';
import { toStoredValue } from './stored-values';

/**
 * A schema-2 record document rewritten as a fresh schema-3 history holding the same live
 * entries: what a schema-3 creator would have stored had it written the same values under the
 * same stamps. Every live entry keeps its key (`<field>@<writer>`), its stamp and its author:
 * each writer's items are written under its own Yjs client id (the relay and every install
 * refuse a key written by another client), so the conflicts, the stage history and the stamps
 * read from the new document are the old one's. What goes:
 * - superseded entries and their delete set (the history of edits);
 * - `created_at`, `created_by` (schema 3 derives them from `m.t` and the creator's writer) and
 *   `updated_at` (the greatest stamp's time), unless the record's own document has no other
 *   entry as late (a write of role-restricted values only), where schema 3 keeps it too;
 * - a null written at creation (a field without an entry is null);
 * - writers no live entry names any more;
 * and ids become 16 bytes (stored-values.ts).
 *
 * The new history reuses the writers' client ids from clock 0: merged with any copy of the old
 * history (a peer's, the relay's) Yjs would take the two as one and keep either. It is only for
 * documents no other copy of exists (doc-rewrite in the records engine says when). Whether the
 * result reads the same is for the caller to check: derived values may differ by a millisecond
 * from the stored ones (a stamp taken a tick after the creation time), and then the record
 * keeps its schema-2 document.
 */
export interface RewriteInput {
  id: string;
  state: Uint8Array;
}

type Item = [root: string, key: string, value: unknown];

const ITEM_ANY_WITH_KEY = 8 | 0x20;

/**
 * The bytes of the item `m.v = 2` as Yjs encodes it (a fresh map key, its value a varint): a
 * document without them is no schema-2 document, told without decoding it (a store of schema-3
 * documents is gone through at the cost of a byte search each).
 */
const SCHEMA_2_MARK = [ITEM_ANY_WITH_KEY, 1, 1, 0x6d, 1, 0x76, 1, 0x7d, DOC_SCHEMA_V2];

export function mayBeSchema2(state: Uint8Array): boolean {
  const last = state.length - SCHEMA_2_MARK.length;
  for (let at = state.indexOf(ITEM_ANY_WITH_KEY); at !== -1 && at <= last; at = state.indexOf(ITEM_ANY_WITH_KEY, at + 1)) {
    let i = 1;
    while (i < SCHEMA_2_MARK.length && state[at + i] === SCHEMA_2_MARK[i]) i++;
    if (i === SCHEMA_2_MARK.length) return true;
  }
  return false;
}

/** The schema-3 state of a schema-2 record document, or null when it is not one (or not a record's own document). */
export function rewriteAsSchema3({ id, state }: RewriteInput): Uint8Array | null {
  if (isScopedDocId(id) || !mayBeSchema2(state)) return null;
  const doc = new Y.Doc({ guid: id });
  try {
    Y.applyUpdate(doc, state);
    return rewriteDocAsSchema3(doc);
  } finally {
    doc.destroy();
  }
}

/** The same from a loaded document (its guid the record id), for a caller that reads it too. */
export function rewriteDocAsSchema3(doc: Y.Doc): Uint8Array | null {
  if (isScopedDocId(doc.guid)) return null;
  const meta = docMeta(doc);
  const creator = creatorOf(doc);
  if (meta.version !== DOC_SCHEMA_V2 || meta.entity === null || meta.createdMs === null || creator === null) return null;
  const creatorClient = parseInt(creator, 36);
  const items = new Map<number, Item[]>([
    [
      creatorClient,
      [
        [META, 'e', meta.entity],
        [META, 't', meta.createdMs],
        [META, 'v', DOC_SCHEMA_VERSION],
      ],
    ],
  ]);
  const add = (writer: string, item: Item) => {
    const client = parseInt(writer, 36);
    const list = items.get(client);
    if (list) list.push(item);
    else items.set(client, [item]);
  };
  // In key order: the same live entries give the same bytes, whatever order they were written in.
  for (const [key, value] of keptFieldEntries(doc).sort(byKey)) add(parseFieldKey(key)!.writer, [FIELDS, key, value]);
  for (const [key, value] of [...(doc.getMap(HISTORY).entries() as Iterable<[string, unknown]>)].sort(byKey)) {
    const parsed = parseHistoryKey(key);
    if (parsed) add(parsed.writer, [HISTORY, key, value]);
  }
  const writers = doc.getMap(WRITERS);
  for (const [client, list] of items) {
    const writer = writerKey(client);
    // Every kept item's writer was declared in the old document (the checks refuse an undeclared one).
    list.splice(client === creatorClient ? 3 : 0, 0, [WRITERS, writer, writers.get(writer) ?? [null]]);
  }
  return encodeItems(items);
}

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The live field entries a schema-3 document stores, values in their schema-3 form. */
function keptFieldEntries(doc: Y.Doc): [string, unknown][] {
  const byField = new Map<string, { key: string; value: unknown[] }[]>();
  doc.getMap(FIELDS).forEach((value, key) => {
    const parsed = parseFieldKey(key);
    if (!parsed || !Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[1])) return;
    const list = byField.get(parsed.field);
    if (list) list.push({ key, value });
    else byField.set(parsed.field, [{ key, value }]);
  });
  const created = byField.get('created_at');
  const creationStamp = created && created.length === 1 ? (created[0].value[1] as number) : null;
  const kept: [string, unknown][] = [];
  let latest = -Infinity;
  for (const [field, list] of byField) {
    if (DERIVED_FIELDS.has(field)) continue;
    // A null written at creation and never replaced: schema 3 leaves the field without an entry.
    if (list.length === 1 && list[0].value[0] === null && list[0].value[1] === creationStamp) continue;
    for (const e of list) {
      kept.push([e.key, [toStoredValue(DOC_SCHEMA_VERSION, e.value[0]), e.value[1]]]);
      latest = Math.max(latest, e.value[1] as number);
    }
  }
  // A write of role-restricted values only left `updated_at` alone here: its stamp is the record's latest.
  const updated = byField.get('updated_at')?.reduce((a, b) => ((b.value[1] as number) > (a.value[1] as number) ? b : a));
  if (updated && (updated.value[1] as number) > latest) kept.push([updated.key, updated.value]);
  return kept;
}

/** One update (format v1) of root-map items, each a fresh key (no origin), per client from clock 0. */
function encodeItems(items: Map<number, Item[]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, items.size);
  // Yjs writes clients from the highest id down; any order decodes the same.
  for (const [client, list] of [...items].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(e, list.length);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 0);
    for (const [root, key, value] of list) {
      encoding.writeUint8(e, ITEM_ANY_WITH_KEY);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, root);
      encoding.writeVarString(e, key);
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, value as encoding.AnyEncodable);
    }
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}
