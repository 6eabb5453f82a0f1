import * as Y from 'yjs';
import { DOC_SCHEMA_VERSION, FIELDS, META, TAG_PREFIX, WRITERS, fieldKey, writerKey } from '../../../shared/record-doc/doc-format';

/**
 * A schema-2 document for a record that exists only as a row or an older document: used by
 * migrations that bring existing data into the synced documents. One writer (a fresh client
 * id) holds every value, each with its own stamp when known.
 */
export function buildDocState(
  id: string, entity: string, values: Record<string, { value: unknown; stamp: number }>, createdMs: number, author: string | null,
): Uint8Array {
  const doc = new Y.Doc({ guid: id });
  doc.clientID = 1 + Math.floor(Math.random() * (2 ** 31 - 2));
  const writer = writerKey(doc.clientID);
  doc.transact(() => {
    doc.getMap(META).set('e', entity);
    doc.getMap(META).set('t', createdMs);
    doc.getMap(META).set('v', DOC_SCHEMA_VERSION);
    const base = createdMs * 1000;
    doc.getMap(WRITERS).set(writer, [author]);
    const fields = doc.getMap(FIELDS);
    for (const [field, { value, stamp }] of Object.entries(values)) {
      if (field === 'tags') {
        for (const tag of Array.isArray(value) ? value : []) fields.set(fieldKey(`${TAG_PREFIX}${String(tag)}`, writer), [true, stamp - base]);
      } else {
        fields.set(fieldKey(field, writer), [value ?? null, stamp - base]);
      }
    }
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
