import type { Db } from '../open-database';
import { SHARED_KINDS } from '../../../shared/entities/shared-kinds';
import { allFields } from '../../../shared/entities/field-def';
import { buildDocState } from './document-builder';

/**
 * Custom field definitions and groups become shared kinds: synced documents projected into
 * their tables like records. Their tables gain the columns every projected row has; the name
 * is no longer unique at the table (two installs may add one concurrently; the write path
 * checks it locally). Existing definitions get their documents and wait in the outbox.
 */
export const sql = `
ALTER TABLE custom_fields ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE custom_fields ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE custom_fields ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
DROP INDEX custom_fields_entity_name;
CREATE INDEX custom_fields_entity_name ON custom_fields(entity, name);
ALTER TABLE custom_field_groups ADD COLUMN created_by TEXT;
ALTER TABLE custom_field_groups ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE custom_field_groups ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE custom_field_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
`;

export function run(db: Db): void {
  const putDoc = db.prepare("INSERT OR IGNORE INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)");
  const queue = db.prepare("INSERT INTO sync_outbox (record_id, entity, update_data, created_at) VALUES (?, ?, x'', ?)");
  for (const kind of SHARED_KINDS) {
    const fields = Object.keys(allFields(kind)).filter((f) => f !== 'id' && f !== 'tags');
    for (const row of db.prepare(`SELECT * FROM ${kind.table}`).all() as Record<string, unknown>[]) {
      const createdMs = Date.parse(String(row.created_at)) || Date.now();
      const stamp = (Date.parse(String(row.updated_at)) || createdMs) * 1000;
      const values: Record<string, { value: unknown; stamp: number }> = {};
      for (const f of fields) {
        const raw = row[f];
        values[f] = { value: f === 'definition' && typeof raw === 'string' ? JSON.parse(raw) : raw ?? null, stamp };
      }
      putDoc.run(row.id, kind.name, Buffer.from(buildDocState(String(row.id), kind.name, values, createdMs, (row.created_by as string | null) ?? null)), row.updated_at);
      queue.run(row.id, kind.name, row.updated_at);
    }
  }
}
