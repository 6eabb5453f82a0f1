/**
 * Role-restricted custom values live in a second document per record and scope
 * (`<recordId>::<scope>`, src/shared/record-doc/scoped-doc.ts), stored in `record_docs` like
 * any document (outbox and relay state vectors work unchanged). This index finds a record's
 * scoped documents when its row is projected, and a scope's documents when a field's
 * visibility changes. Device-local: rebuilt from `record_docs` ids, never synced itself.
 */
export const sql = `
CREATE TABLE scoped_docs (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  audience TEXT NOT NULL
);
CREATE INDEX scoped_docs_by_record ON scoped_docs (record_id);
`;
