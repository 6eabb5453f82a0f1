import * as encoding from 'lib0/encoding';
import { DOC_SCHEMA_VERSION, FIELDS, META, TAG_PREFIX, WRITERS, fieldKey, writerKey } from './doc-format';
import { HISTORY, historyKey, type StageValue } from './stage-log';
import { storedAtCreation } from './derived-fields';
import { toStoredValue } from './stored-values';

/**
 * The Yjs update (format v1) of a brand-new record document, written directly instead of
 * through a Y.Doc: the bytes Yjs itself produces for the same map sets, in the same order
 * (a test checks they are identical). Building a Y.Doc per row costs more than everything
 * else a create does; imports and seeding create records by the thousand.
 *
 * Layout: one client, its structs from clock 0 (each a root-map entry: info 0x28 = ContentAny
 * with a parentSub, parent named by its root key), then an empty delete set.
 */
const ITEM_ANY_WITH_KEY = 8 | 0x20;

export interface NewRecord {
  entity: string;
  clientId: number;
  userId: string | null;
  createdMs: number;
  stamp: number;
  /** Values in write order; `tags` as a list of tags. */
  values: Record<string, unknown>;
  /** The first stage of a deal or lead (its stage history's first entry), written after the values. */
  stageMove?: StageValue | null;
  /** The document schema to write (default: the current one; 2 stores nulls and the derived fields). */
  version?: number;
}

export function encodeNewRecord(r: NewRecord): Uint8Array {
  const writer = writerKey(r.clientId);
  const relative = r.stamp - r.createdMs * 1000;
  const version = r.version ?? DOC_SCHEMA_VERSION;
  const items: [string, string, unknown][] = [
    [META, 'e', r.entity],
    [META, 't', r.createdMs],
    [META, 'v', version],
    [WRITERS, writer, [r.userId]],
  ];
  for (const [field, value] of Object.entries(storedAtCreation(version, r.values))) {
    if (field === 'tags') {
      for (const tag of new Set(Array.isArray(value) ? (value as string[]) : []))
        items.push([FIELDS, fieldKey(`${TAG_PREFIX}${tag}`, writer), [true, relative]]);
    } else {
      items.push([FIELDS, fieldKey(field, writer), [toStoredValue(version, value ?? null), relative]]);
    }
  }
  if (r.stageMove) items.push([HISTORY, historyKey(relative, writer), r.stageMove]);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, items.length);
  encoding.writeVarUint(e, r.clientId);
  encoding.writeVarUint(e, 0);
  for (const [root, key, value] of items) {
    encoding.writeUint8Array(e, itemHead(root, key));
    encoding.writeAny(e, value as encoding.AnyEncodable);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * The bytes before an item's value: its info, parent (a root map), key and content length.
 * They depend on the root map and key alone (the key names the field and the writer, one per
 * process and user), so they are encoded once: an import writes the same dozen keys per row,
 * and encoding their strings was a third of the encoder's time.
 */
const heads = new Map<string, Map<string, Uint8Array>>();

function itemHead(root: string, key: string): Uint8Array {
  // A history key holds the record's stamp: new for every record, nothing to reuse.
  if (root === HISTORY) return encodeHead(root, key);
  let ofRoot = heads.get(root);
  if (!ofRoot) heads.set(root, (ofRoot = new Map()));
  let head = ofRoot.get(key);
  if (!head) {
    head = encodeHead(root, key);
    // Keys differ per writer and tag: the cap keeps a long-lived process's cache small.
    if (ofRoot.size >= 20_000) ofRoot.clear();
    ofRoot.set(key, head);
  }
  return head;
}

function encodeHead(root: string, key: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, ITEM_ANY_WITH_KEY);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, root);
  encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1);
  return encoding.toUint8Array(e);
}
