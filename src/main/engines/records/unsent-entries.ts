import * as Y from 'yjs';
import { randomInt } from 'node:crypto';
import { FIELDS, WRITERS, canonicalJson, docMeta, fieldKey, parseFieldKey, writerKey } from '../../../shared/record-doc/doc-format';
import { DERIVED_FIELDS, derivesFields } from '../../../shared/record-doc/derived-fields';
import { HISTORY, historyKey, parseHistoryKey } from '../../../shared/record-doc/stage-log';
import { fromStoredValue, toStoredValue } from '../../../shared/record-doc/stored-values';

/** A map item as Yjs keeps it per key: the latest write of that key, live or deleted. */
interface KeyedItem {
  deleted: boolean;
  id: { client: number; clock: number };
}

function itemsOf(map: Y.Map<unknown>): Map<string, KeyedItem> {
  return (map as unknown as { _map: Map<string, KeyedItem> })._map;
}

/** Whether the relay has the item: its clock is below what `relaySv` says of its client. */
function relayHas(item: KeyedItem, relaySv: Map<number, number>): boolean {
  return item.id.clock < (relaySv.get(item.id.client) ?? 0);
}

/** A live entry of `old` the relay never acknowledged: its key, stored value and writer. */
interface Unsent {
  key: string;
  raw: [unknown, number];
  writer: string;
}

function unsentOf(map: Y.Map<unknown>, relaySv: Map<number, number>): Unsent[] {
  const out: Unsent[] = [];
  for (const [key, item] of itemsOf(map)) {
    if (item.deleted || relayHas(item, relaySv)) continue;
    const raw = map.get(key);
    const writer = map === map.doc?.getMap(HISTORY) ? parseHistoryKey(key)?.writer : parseFieldKey(key)?.writer;
    if (writer !== undefined && Array.isArray(raw)) out.push({ key, raw: raw as [unknown, number], writer });
  }
  return out;
}

/**
 * The changes of `old` (this install's document before the team's compaction) that the relay
 * never acknowledged (`relaySv`), written again into `fresh` (the relay's rewritten document)
 * under a fresh Yjs client id per original writer, with their original stamps (README, "The
 * record document", the team-wide step, part 4). Each supersedes only the entries of its field
 * its original write had seen: an entry of `fresh` this install never had, or had live beside
 * its own (a conflict already), stays, so a concurrent edit made elsewhere is still a conflict
 * and the greatest stamp still wins. Exact with `everything` (this install's document merged
 * with the relay's history of the epoch before): an entry of `fresh` is superseded exactly when
 * it is not live there. Without it (an older relay) an approximation: an entry of a key this
 * install had an older entry of, with a stamp below the unsent one, counts as seen.
 * Returns how many entries were written.
 */
export function reauthorUnsent(old: Y.Doc, relaySvBytes: Uint8Array | null, fresh: Y.Doc, everything: Y.Doc | null = null): number {
  const relaySv = relaySvBytes && relaySvBytes.byteLength > 0 ? Y.decodeStateVector(relaySvBytes) : new Map<number, number>();
  const oldFields = old.getMap(FIELDS);
  const freshFields = fresh.getMap(FIELDS);
  const freshHistory = fresh.getMap(HISTORY);
  const version = docMeta(fresh).version;
  const fieldsUnsent = unsentOf(oldFields, relaySv);
  const movesUnsent = unsentOf(old.getMap(HISTORY), relaySv);
  const stampsWithValues = new Set(fieldsUnsent.filter((u) => !DERIVED_FIELDS.has(parseFieldKey(u.key)!.field)).map((u) => u.raw[1]));

  const byWriter = new Map<string, { fields: Unsent[]; moves: Unsent[] }>();
  const group = (w: string) => byWriter.get(w) ?? byWriter.set(w, { fields: [], moves: [] }).get(w)!;
  for (const u of fieldsUnsent) {
    const { field } = parseFieldKey(u.key)!;
    // Already in the relay's document (its ack was lost): nothing to write again.
    if (canonicalJson(freshFields.get(u.key)) === canonicalJson(u.raw)) continue;
    // A schema-3 document derives these; `updated_at` is stored only by a write of nothing else.
    if (derivesFields(version) && DERIVED_FIELDS.has(field) && (field !== 'updated_at' || stampsWithValues.has(u.raw[1]))) continue;
    group(u.writer).fields.push(u);
  }
  for (const u of movesUnsent) if (!freshHistory.has(u.key)) group(u.writer).moves.push(u);

  let written = 0;
  const taken = new Set(Y.decodeStateVector(Y.encodeStateVector(fresh)).keys());
  for (const [oldWriter, { fields, moves }] of byWriter) {
    if (fields.length === 0 && moves.length === 0) continue;
    let client = randomInt(1, 2 ** 31);
    while (taken.has(client)) client = randomInt(1, 2 ** 31);
    taken.add(client);
    const writer = writerKey(client);
    fresh.clientID = client;
    fresh.transact(() => {
      fresh.getMap(WRITERS).set(writer, old.getMap(WRITERS).get(oldWriter) ?? [null]);
      for (const u of fields) {
        const { field } = parseFieldKey(u.key)!;
        for (const k of [...freshFields.keys()]) {
          if (parseFieldKey(k)?.field !== field) continue;
          const seen = everything ? supersededIn(k, freshFields, everything.getMap(FIELDS)) : seenBy(k, u, freshFields, oldFields);
          if (seen) freshFields.delete(k);
        }
        freshFields.set(fieldKey(field, writer), [toStoredValue(version, fromStoredValue(u.raw[0])), u.raw[1]]);
        written++;
      }
      for (const u of moves) {
        freshHistory.set(historyKey(parseHistoryKey(u.key)!.relative, writer), u.raw);
        written++;
      }
    });
  }
  return written;
}

/** Whether the entry `key` of `fresh` is gone from the merged old history (an unsent write superseded it). */
function supersededIn(key: string, fresh: Y.Map<unknown>, everything: Y.Map<unknown>): boolean {
  // A key and a stamp name one write (a writer stamps each of its writes anew); the values
  // differ in form between the schemas (ids as text or as bytes), so they are not compared.
  const live = everything.get(key) as [unknown, number] | undefined;
  const now = fresh.get(key) as [unknown, number] | undefined;
  return !live || !now || live[1] !== now[1];
}

/** Whether the unsent write `u` had seen the entry `key` of `fresh` (then it supersedes it). */
function seenBy(key: string, u: Unsent, fresh: Y.Map<unknown>, old: Y.Map<unknown>): boolean {
  if (key === u.key) return true;
  const item = itemsOf(old).get(key);
  if (!item) return false;
  const now = fresh.get(key) as [unknown, number] | undefined;
  if (!now) return false;
  const before = old.get(key) as [unknown, number] | undefined;
  // Live beside the unsent entry in this install's document: it came after that write, a conflict.
  if (!item.deleted && before && before[1] === now[1]) return false;
  return now[1] < u.raw[1];
}
