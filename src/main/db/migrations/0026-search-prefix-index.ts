/**
 * One-letter search prefixes: the full-text indexes get a one-letter prefix index
 * (`prefix='1 2 3'`). Without it "m" merged the doclists of every term starting with m
 * (65k of 100k contacts on the M dataset: 5-12 ms for a page of 20). A contentless index
 * cannot be re-indexed in place, so this only records the work; the rebuild itself runs
 * table by table in resumable chunks at start (engines/query/search-index-upgrade.ts),
 * because on the M dataset it takes 15-25 s (1M activities).
 */
export const sql = `
CREATE TABLE search_index_upgrades (
  table_name TEXT PRIMARY KEY,
  prefix TEXT NOT NULL,
  -- NULL: not started; otherwise the highest rowid copied into <table>_fts_next so far.
  done_rowid INTEGER,
  finished_at TEXT
);
INSERT INTO search_index_upgrades (table_name, prefix)
VALUES ('users', '1 2 3'), ('companies', '1 2 3'), ('contacts', '1 2 3'), ('leads', '1 2 3'),
       ('opportunities', '1 2 3'), ('tasks', '1 2 3'), ('activities', '1 2 3');
`;
