import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../../src/main/db/wal-checkpointer';
import { tempStore } from '../../helpers/temp-store';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** The store file as it is without its WAL: what a checkpoint has copied in. */
function rowsInStoreFile(file: string, dir: string): number {
  const alone = join(dir, `alone-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(file, alone);
  const bare = new Database(alone, { readonly: true });
  try {
    return bare.prepare('SELECT count(*) FROM t').pluck().get() as number;
  } finally {
    bare.close();
  }
}

describe('WAL checkpoints off the main thread', () => {
  it('leaves automatic checkpoints to a backstop, and a worker copies the WAL into the store every few commits', async () => {
    const { db, dir } = tempStore();
    db.exec('CREATE TABLE t (v INTEGER)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const checkpointer = new WalCheckpointer(db, { every: 3, backstopPages: 5000 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(5000);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2; i++) {
      insert.run(i);
      checkpointer.committed();
    }
    // Two commits: no thread yet, and the rows are only in the WAL.
    expect(checkpointer.checkpoints).toBe(0);
    expect(rowsInStoreFile(db.name, dir)).toBe(0);
    insert.run(2);
    checkpointer.committed();
    await until(() => checkpointer.checkpoints > 0);
    expect(checkpointer.checkpoints).toBe(1);
    expect(rowsInStoreFile(db.name, dir)).toBe(3);
    checkpointer.close();
    expect(checkpointer.started).toBe(false);
    // The worker's connection is closed by then: the store's own is the last and removes the WAL.
    db.close();
    expect(existsSync(`${db.name}-wal`)).toBe(false);
  });

  it('stops its thread when no checkpoint was asked for a while, and starts another for the next one', async () => {
    const { db, dir } = tempStore();
    db.exec('CREATE TABLE t (v INTEGER)');
    const checkpointer = new WalCheckpointer(db, { every: 1, idleMs: 50 });
    db.prepare('INSERT INTO t VALUES (1)').run();
    checkpointer.committed();
    expect(checkpointer.started).toBe(true);
    await until(() => checkpointer.checkpoints === 1);
    await until(() => !checkpointer.started);
    expect(checkpointer.started).toBe(false);
    db.prepare('INSERT INTO t VALUES (2)').run();
    checkpointer.committed();
    await until(() => checkpointer.checkpoints === 2);
    expect(rowsInStoreFile(db.name, dir)).toBe(2);
    checkpointer.close();
  });

  it('a worker that cannot open the store gives checkpoints back to SQLite', async () => {
    const { db } = tempStore();
    db.exec('CREATE TABLE t (v INTEGER)');
    const saved = process.env.CRM_SQLITE_BINDING;
    process.env.CRM_SQLITE_BINDING = '/nonexistent/better_sqlite3.node';
    try {
      const checkpointer = new WalCheckpointer(db, { every: 1, backstopPages: 5000 });
      db.prepare('INSERT INTO t VALUES (1)').run();
      checkpointer.committed();
      await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      checkpointer.close();
    } finally {
      if (saved === undefined) delete process.env.CRM_SQLITE_BINDING;
      else process.env.CRM_SQLITE_BINDING = saved;
    }
  });
});
