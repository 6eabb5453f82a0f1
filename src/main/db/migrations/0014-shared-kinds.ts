import type { Db } from '../open-database';
import { customFieldGroupKind, customFieldKind } from '../../../shared/entities/shared-kinds';
import { documentExistingRows } from './document-builder';

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

/** Only this migration's kinds: later kinds get their documents in their own migration. */
export function run(db: Db): void {
  documentExistingRows(db, [customFieldKind, customFieldGroupKind]);
}
