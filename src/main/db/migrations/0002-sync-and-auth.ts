/** Record documents, the outbox for the relay, conflicts, settings, and local-only auth state. */
export const sql = `
-- Merged Yjs state of each record (guid = record id). The projected rows derive from it.
CREATE TABLE record_docs (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  state BLOB NOT NULL,
  updated_at TEXT NOT NULL
);

-- Local updates not yet acknowledged by the relay.
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  update_data BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- The value that lost a real concurrent edit, kept so a person can restore it.
CREATE TABLE record_conflicts (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  losing_value TEXT,
  losing_hlc TEXT NOT NULL,
  winning_value TEXT,
  winning_hlc TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  UNIQUE (record_id, field, losing_hlc)
);
CREATE INDEX record_conflicts_record ON record_conflicts(record_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Local only, never synced: secrets stay on this machine.
CREATE TABLE user_credentials (
  user_id TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  family_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
`;
