/**
 * CSV imports (with what each one wrote, so it can be undone) and saved list views. Both are
 * local to this install and never synced. Shared views are visible to the team on this
 * install only; syncing them to teammates' installs belongs with the sync client (a later
 * issue), which will need a synced table or a record entity for them.
 */
export const sql = `
CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  model TEXT NOT NULL,
  -- running | completed | failed | undone
  status TEXT NOT NULL,
  match_on TEXT,
  mapping TEXT NOT NULL,
  total_rows INTEGER NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  -- JSON list of {row, fields}, the first 1,000 rows left out.
  errors TEXT NOT NULL DEFAULT '[]',
  failure TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  undone_at TEXT
);
CREATE INDEX imports_user ON imports(user_id, created_at);

-- What an import did to each record, written in the same transaction as the record:
-- action 'create', or 'update' with {field: [old, new]} of the fields it changed.
CREATE TABLE import_records (
  import_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  action TEXT NOT NULL,
  changes TEXT,
  PRIMARY KEY (import_id, record_id)
) WITHOUT ROWID;

CREATE TABLE saved_views (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  name TEXT NOT NULL,
  model TEXT NOT NULL,
  query TEXT NOT NULL DEFAULT '',
  columns TEXT NOT NULL DEFAULT '[]',
  is_shared INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX saved_views_model ON saved_views(model, owner_id);
`;
