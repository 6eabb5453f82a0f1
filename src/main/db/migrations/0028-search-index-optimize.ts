/**
 * Every full-text index is merged into one segment once, in quiet moments (SearchMerger's
 * one-time merge). A store whose indexes were filled in large transactions (the one-letter
 * prefix rebuild of 0026, an import, a seeded or bootstrapped store) holds large segments on
 * low levels, and FTS5's crisis merge then rewrote one of them inside an ordinary write:
 * 400-2,200 pages (up to 9 MB) in one commit every few hundred writes on the M store, and a
 * mean of 19 pages a single-record insert instead of 7.6. This only marks the indexes.
 */
export const sql = `
INSERT OR REPLACE INTO settings (key, value)
SELECT 'search.optimize.' || name, '1' FROM sqlite_schema
WHERE type = 'table' AND name LIKE '%\\_fts' ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%';
`;
