import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WalSync } from '../../../src/main/db/wal-sync';
import { RecordsEngine } from '../../../src/main/engines/records';
import { ManualClock } from '../../helpers/manual-clock';
import { tempStore } from '../../helpers/temp-store';

const api = { actor: null, origin: 'api' as const };
const synchronous = (db: Database.Database) => db.pragma('synchronous', { simple: true });

describe('WAL sync off the main thread', () => {
  it('commits a batch without the fsync and goes back to synchronous=FULL after it', () => {
    const { db } = tempStore();
    const sync = new WalSync(db);
    db.exec('CREATE TABLE t (v INTEGER)');
    let inside: unknown;
    sync.commitLater(() =>
      db.transaction(() => {
        inside = synchronous(db);
        db.prepare('INSERT INTO t VALUES (1)').run();
      })(),
    );
    expect(inside).toBe(1);
    expect(synchronous(db)).toBe(2);
    // Even when the transaction throws, the connection is set back.
    expect(() =>
      sync.commitLater(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(synchronous(db)).toBe(2);
    sync.close();
  });

  it('callers while a sync runs share the one queued after it', async () => {
    const { db } = tempStore();
    const sync = new WalSync(db);
    db.exec('CREATE TABLE t (v INTEGER)');
    const first = sync.sync();
    const second = sync.sync();
    const third = sync.sync();
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    // Nothing running: a new caller starts a sync of its own.
    const fourth = sync.sync();
    expect(fourth).not.toBe(second);
    await fourth;
    sync.close();
  });

  it('syncs inline only when no sync is running', async () => {
    const { db } = tempStore();
    const sync = new WalSync(db);
    db.exec('CREATE TABLE t (v INTEGER)');
    const running = sync.sync();
    expect(sync.syncInline()).toBe(false);
    expect(sync.syncs).toBe(1);
    await running;
    expect(sync.syncInline()).toBe(true);
    expect(sync.syncs).toBe(2);
    sync.close();
  });

  it('an in-memory store commits as usual and has nothing to sync', async () => {
    const db = new Database(':memory:');
    const sync = new WalSync(db);
    expect(sync.commitLater(() => 42)).toBe(42);
    await expect(sync.sync()).resolves.toBeUndefined();
    db.close();
  });

  it('a batched write is committed and readable by another connection once it resolves', async () => {
    const { db, file } = tempStore();
    const records = new RecordsEngine({ db, clock: new ManualClock() });
    const [a, b] = await Promise.all([
      records.batched(() => records.create('lead', { email: 'one@x.test' }, api)),
      records.batched(() => records.create('lead', { email: 'two@x.test' }, api)),
    ]);
    const other = new Database(file, { readonly: true });
    expect(other.prepare('SELECT email FROM leads WHERE id IN (?, ?) ORDER BY email').pluck().all(a.id, b.id)).toEqual(['one@x.test', 'two@x.test']);
    other.close();
    expect(synchronous(db)).toBe(2);
    records.close();
  });
});

describe('group commit shares fsyncs', () => {
  it('writes arriving together commit in one transaction and share one fsync', async () => {
    const { db } = tempStore();
    const records = new RecordsEngine({ db, clock: new ManualClock() });
    const before = records.walSyncs();
    await Promise.all(Array.from({ length: 20 }, (_, i) => records.batched(() => records.create('lead', { email: `c${i}@x.test` }, api))));
    expect(records.walSyncs() - before).toBe(1);
    expect(db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(20);
    records.close();
  });

  it('a lone writer gets an fsync of its own, and its write is readable elsewhere once it resolves', async () => {
    const { db, file } = tempStore();
    const records = new RecordsEngine({ db, clock: new ManualClock() });
    const other = new Database(file, { readonly: true });
    const before = records.walSyncs();
    for (let i = 0; i < 3; i++) {
      const lead = await records.batched(() => records.create('lead', { email: `lone${i}@x.test` }, api));
      expect(other.prepare('SELECT email FROM leads WHERE id = ?').pluck().get(lead.id)).toBe(`lone${i}@x.test`);
    }
    expect(records.walSyncs() - before).toBe(3);
    expect(synchronous(db)).toBe(2);
    other.close();
    records.close();
  });
});
