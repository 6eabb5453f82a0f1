/**
 * Custom field definitions and their groups: team configuration, not records. Values live in
 * each record's Yjs document (`custom_fields.<name>`) and its projected `custom_fields` column.
 *
 * Definitions are kept here, local to the install, with UUIDv7 ids and `updated_at`, so that a
 * later configuration sync can ship them row by row (last writer wins per definition). They do
 * not travel through the record documents. `definition` holds the attributes as JSON; the
 * columns beside it are what lookups and the uniqueness rule need.
 */
export const sql = `
CREATE TABLE custom_field_groups (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX custom_field_groups_entity ON custom_field_groups(entity, sort_order);

CREATE TABLE custom_fields (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
-- A name stays taken by a deleted field: its values are still in the documents for restore.
CREATE UNIQUE INDEX custom_fields_entity_name ON custom_fields(entity, name);
`;
