import * as Y from 'yjs';
import { FIELDS, MAX_UPDATE_BYTES, MAX_VALUE_BYTES, META, WRITERS, parseFieldKey, writerKey } from './doc-format';
import { HISTORY, MAX_HISTORY_PER_UPDATE, isStageValue, parseHistoryKey } from './stage-log';

/**
 * Checks of a record update that need no document: what the relay can verify before storing,
 * and what an install verifies before applying. Every item must be one of this format's map
 * entries, written under its own client id (a key naming another writer is forged), with a
 * value of the right shape and size. Schemas 2 and 3 share these shapes (schema 3 stores
 * fewer entries, and ids as 16-byte values), so one set of checks serves both.
 */
export type UpdateProblem = { reason: 'malformed'; detail: string } | { reason: 'too_large'; detail: string } | { reason: 'forged_writer'; detail: string };

export interface UpdateFacts {
  /** Writers (client ids in base 36) that wrote items in this update. */
  writers: Set<string>;
  /** Users named by writer entries in this update, by writer. */
  writerUsers: Map<string, string | null>;
  /** Whether the update sets the document's meta (only its creator does). */
  setsMeta: boolean;
  /** Stage history entries the update adds (bounded by MAX_HISTORY_PER_UPDATE). */
  historyEntries: number;
  /** The decoded structs, for readers that need them again (decoding is the costly part). */
  decoded: ReturnType<typeof Y.decodeUpdate>;
}

const ROOTS = new Set([META, WRITERS, FIELDS, HISTORY]);
const META_KEYS = new Set(['e', 't', 'v']);

function jsonSize(value: unknown): number {
  // Most entries are short scalars: no need to serialise them to know they are small.
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return 8;
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'number' && (value[0] === null || typeof value[0] !== 'object')) {
    return typeof value[0] === 'string' ? value[0].length + 24 : 32;
  }
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

export function inspectUpdate(update: Uint8Array): UpdateFacts | UpdateProblem {
  if (update.byteLength > MAX_UPDATE_BYTES) return { reason: 'too_large', detail: `Update of ${update.byteLength} bytes (at most ${MAX_UPDATE_BYTES}).` };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { reason: 'malformed', detail: 'Not a Yjs update.' };
  }
  const facts: UpdateFacts = { writers: new Set(), writerUsers: new Map(), setsMeta: false, historyEntries: 0, decoded };
  for (const struct of decoded.structs) {
    if (struct instanceof Y.GC || struct.constructor.name === 'Skip') continue;
    if (!(struct instanceof Y.Item)) return { reason: 'malformed', detail: 'Unknown struct.' };
    const writer = writerKey(struct.id.client);
    facts.writers.add(writer);
    const problem = checkItem(struct, writer, facts);
    if (problem) return problem;
  }
  return facts;
}

function checkItem(item: Y.Item, writer: string, facts: UpdateFacts): UpdateProblem | null {
  // An overwrite of a key names its previous item; it must be the writer's own (own keys only).
  if (item.origin && item.origin.client !== item.id.client) return { reason: 'forged_writer', detail: "An entry continues another writer's key." };
  if (item.rightOrigin) return { reason: 'malformed', detail: 'Map entries have no right origin.' };
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return { reason: 'malformed', detail: 'Entries hold one JSON value.' };
  const value = content.arr[0];
  if (jsonSize(value) > MAX_VALUE_BYTES) return { reason: 'too_large', detail: `A value over ${MAX_VALUE_BYTES} bytes.` };
  if (item.origin) {
    // Only field entries are ever overwritten (meta, writer and history entries are set once).
    return isFieldValue(value) ? null : { reason: 'malformed', detail: 'Field entries are [value, stamp].' };
  }
  const root = typeof item.parent === 'string' ? item.parent : null;
  const key = item.parentSub;
  if (!root || !ROOTS.has(root) || key === null) return { reason: 'malformed', detail: 'Entries live in the maps m, w, f and h.' };
  if (root === HISTORY) return checkHistoryEntry(key, value, writer, facts);
  if (root === META) {
    if (!META_KEYS.has(key)) return { reason: 'malformed', detail: `Unknown meta key "${key}".` };
    facts.setsMeta = true;
  } else if (root === WRITERS) {
    if (key !== writer) return { reason: 'forged_writer', detail: 'A writer entry names another writer.' };
    if (!Array.isArray(value) || value.length !== 1 || (value[0] !== null && typeof value[0] !== 'string'))
      return { reason: 'malformed', detail: 'Writer entries are [userId].' };
    facts.writerUsers.set(writer, value[0] as string | null);
  } else {
    const parsed = parseFieldKey(key);
    if (!parsed) return { reason: 'malformed', detail: `Field key "${key.slice(0, 80)}" is not <field>@<writer>.` };
    if (parsed.writer !== writer) return { reason: 'forged_writer', detail: `Key "${key.slice(0, 80)}" names another writer.` };
    if (!isFieldValue(value)) return { reason: 'malformed', detail: 'Field entries are [value, stamp].' };
  }
  return null;
}

/** A stage move: `<stamp>@<writer>` of the writer itself, `[from, to(, close_date)]`, a bounded number per update. */
function checkHistoryEntry(key: string, value: unknown, writer: string, facts: UpdateFacts): UpdateProblem | null {
  const parsed = parseHistoryKey(key);
  if (!parsed) return { reason: 'malformed', detail: `History key "${key.slice(0, 80)}" is not <stamp>@<writer>.` };
  if (parsed.writer !== writer) return { reason: 'forged_writer', detail: `History key "${key.slice(0, 80)}" names another writer.` };
  if (!isStageValue(value)) return { reason: 'malformed', detail: 'History entries are [from, to] or [from, to, close_date] with stage names.' };
  if (++facts.historyEntries > MAX_HISTORY_PER_UPDATE) return { reason: 'too_large', detail: `More than ${MAX_HISTORY_PER_UPDATE} stage moves in one update.` };
  return null;
}

function isFieldValue(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[1]);
}

export function isProblem(result: UpdateFacts | UpdateProblem): result is UpdateProblem {
  return 'reason' in result;
}
