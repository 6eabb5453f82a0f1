import Database from 'better-sqlite3';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;
export type Stmt = Database.Statement<unknown[], unknown>;

/**
 * Opens (creating if needed) the store. WAL with synchronous=FULL: a write acknowledged to a
 * client has been fsynced, which the crash test relies on. The Electron build passes its own
 * native binding through CRM_SQLITE_BINDING (see scripts/rebuild-electron-sqlite.mjs).
 */
export function openDatabase(file: string): Db {
  const nativeBinding = process.env.CRM_SQLITE_BINDING || undefined;
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('mmap_size = 268435456');
  runMigrations(db, MIGRATIONS);
  return db;
}
