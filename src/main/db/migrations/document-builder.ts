import * as Y from 'yjs';
import type { Db } from '../open-database';
import { allFields, type EntityDef } from '../../../shared/entities/field-def';
import { DOC_SCHEMA_V2, FIELDS, META, TAG_PREFIX, WRITERS, fieldKey, writerKey } from '../../../shared/record-doc/doc-format';

/**
 * A schema-2 document for a record that exists only as a row or an older document: used by
 * migrations that bring existing data into the synced documents. One writer (a fresh client
 * id) holds every value, each with its own stamp when known. It stays schema 2 (every value
 * stored): a migration's output must not change when the current schema moves on.
 */
export function buildDocState(
  id: string,
  entity: string,
  values: Record<string, { value: unknown; stamp: number }>,
  createdMs: number,
  author: string | null,
): Uint8Array {
  const doc = new Y.Doc({ guid: id });
  doc.clientID = 1 + Math.floor(Math.random() * (2 ** 31 - 2));
  const writer = writerKey(doc.clientID);
  doc.transact(() => {
    doc.getMap(META).set('e', entity);
    doc.getMap(META).set('t', createdMs);
    doc.getMap(META).set('v', DOC_SCHEMA_V2);
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

/**
 * Gives every existing row of shared kinds its document and queues it in the outbox, so rows
 * made before the kind was synced reach the team. JSON columns are parsed back to values.
 */
export function documentExistingRows(db: Db, kinds: readonly EntityDef[]): void {
  const putDoc = db.prepare('INSERT OR IGNORE INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)');
  const queue = db.prepare("INSERT INTO sync_outbox (record_id, entity, update_data, created_at) VALUES (?, ?, x'', ?)");
  for (const kind of kinds) {
    const defs = allFields(kind);
    const fields = Object.keys(defs).filter((f) => f !== 'id' && f !== 'tags');
    // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
    for (const row of db.prepare(`SELECT * FROM ${kind.table}`).all() as Record<string, unknown>[]) {
      const createdMs = Date.parse(String(row.created_at)) || Date.now();
      const stamp = (Date.parse(String(row.updated_at)) || createdMs) * 1000;
      const values: Record<string, { value: unknown; stamp: number }> = {};
      for (const f of fields) {
        const raw = row[f];
        values[f] = { value: defs[f].kind === 'json' && typeof raw === 'string' ? JSON.parse(raw) : (raw ?? null), stamp };
      }
      putDoc.run(
        row.id,
        kind.name,
        Buffer.from(buildDocState(String(row.id), kind.name, values, createdMs, (row.created_by as string | null) ?? null)),
        row.updated_at,
      );
      queue.run(row.id, kind.name, row.updated_at);
    }
  }
}
