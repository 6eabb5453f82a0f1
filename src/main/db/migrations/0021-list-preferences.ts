/**
 * Each person's column choice per list, a private shared kind (`list_preference`): projected
 * here like any synced document. Several rows of one owner and model can exist when two of
 * their devices chose columns before they had synced; the earliest created one is the choice
 * (see the preferences engine).
 */
export const sql = `
CREATE TABLE list_preferences (
  id TEXT PRIMARY KEY,
  owner_id TEXT,
  entity TEXT,
  layout TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX list_preferences_owner_entity ON list_preferences(owner_id, entity);
`;
