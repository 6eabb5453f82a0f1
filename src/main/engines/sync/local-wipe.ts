import type { Db } from '../../db/open-database';

/**
 * Deletes the team's data from this computer (POST /api/v1/sync/wipe/), for a device whose
 * member was removed from the team or that leaves it for good. Written as a keep-list over the
 * store's tables rather than a list of tables to empty: a table added later is wiped unless
 * someone decides it must stay. What stays: the schema, this install's own sign-in accounts
 * (their user records, password hashes and tokens, so the owner can still sign in) and local
 * settings that are not the team connection's. Everything else goes: every record of every
 * entity and shared kind, documents (restricted ones included), outbox, parked updates,
 * search indexes, tags, conflicts, audit trail and field history, notifications, imports,
 * campaigns. Then the file is vacuumed and the write-ahead log truncated, so the deleted
 * pages do not linger in the file.
 */
const KEEP = new Set(['schema_migrations', 'sqlite_sequence', 'settings', 'users', 'user_credentials', 'api_tokens', 'refresh_tokens']);

export interface WipeResult {
  tables: number;
  rows: number;
  kept_accounts: number;
}

export function wipeTeamData(db: Db): WipeResult {
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string | null }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? ''));
  // FTS5 keeps its index in shadow tables named after it: those are emptied through the index.
  const shadows = new Set(virtual.flatMap((v) => ['data', 'idx', 'docsize', 'config', 'content'].map((s) => `${v.name}_${s}`)));
  const result: WipeResult = { tables: 0, rows: 0, kept_accounts: 0 };
  db.transaction(() => {
    const keepUsers = db.prepare('SELECT user_id FROM user_credentials').pluck().all() as string[];
    result.kept_accounts = keepUsers.length;
    const keep = JSON.stringify(keepUsers);
    for (const v of virtual) {
      // The kept accounts keep their search entries (contentless tables delete by rowid).
      if (v.name === 'users_fts')
        db.prepare('DELETE FROM users_fts WHERE rowid IN (SELECT rowid FROM users WHERE id NOT IN (SELECT value FROM json_each(?)))').run(keep);
      else db.prepare(`INSERT INTO "${v.name}"("${v.name}") VALUES ('delete-all')`).run();
    }
    for (const t of tables) {
      if (KEEP.has(t.name) || shadows.has(t.name) || virtual.includes(t)) continue;
      // An account's own user document stays with it; every other document goes.
      const sql = t.name === 'record_docs' ? `DELETE FROM record_docs WHERE id NOT IN (SELECT value FROM json_each(?))` : `DELETE FROM "${t.name}"`;
      result.rows += (t.name === 'record_docs' ? db.prepare(sql).run(keep) : db.prepare(sql).run()).changes;
      result.tables += 1;
    }
    result.rows += db.prepare('DELETE FROM users WHERE id NOT IN (SELECT value FROM json_each(?))').run(keep).changes;
    db.prepare("DELETE FROM settings WHERE key LIKE 'sync.%' OR key LIKE 'secret.sync.%'").run();
  })();
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}
