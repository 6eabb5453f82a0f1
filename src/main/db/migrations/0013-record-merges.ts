/**
 * Merges of duplicate records, kept so a merge can be undone: what the kept record held
 * before, and which linked records were moved to it. Local bookkeeping, not synced.
 */
export const sql = `
CREATE TABLE record_merges (
  id TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  kept_id TEXT NOT NULL,
  merged_id TEXT NOT NULL,
  kept_before TEXT NOT NULL,
  moved TEXT NOT NULL,
  merged_by TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX record_merges_kept ON record_merges(kept_id);
`;
