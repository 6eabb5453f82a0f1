/**
 * A team compaction's re-bootstrap (sync engine, epoch-rebootstrap.ts): the relay's rewritten
 * documents are staged here page by page, apart from the store's own, which keep serving reads
 * until each record is swapped; `epoch_previous` holds the relay's history of the epoch before
 * for records with unsent edits (what those edits had seen). Both empty except during a re-bootstrap.
 */
export const sql = `
CREATE TABLE epoch_staging (
  record_id TEXT PRIMARY KEY,
  state BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE epoch_previous (
  record_id TEXT PRIMARY KEY,
  state BLOB NOT NULL
) WITHOUT ROWID;
`;
