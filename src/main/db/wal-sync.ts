import { fdatasync, fdatasyncSync, openSync, closeSync } from 'node:fs';
import type { Db } from './open-database';

/**
 * Group commit with the fsync off the main thread. A batch of writes commits with
 * synchronous=NORMAL (SQLite writes its WAL frames but does not fsync them), then `sync()`
 * fdatasyncs the WAL file on libuv's thread pool; the writes are acknowledged once it is done,
 * so an acknowledged write is on disk exactly as with synchronous=FULL. Meanwhile the main
 * thread answers reads and commits the next batch, whose writers share the next fsync.
 * Everything else keeps synchronous=FULL (the connection is set back after each batch).
 */
export class WalSync {
  private fd: number | null = null;
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** A WAL store on disk (an in-memory store syncs in its commits). */
  readonly usable: boolean;
  /** fdatasyncs started so far (how many writes shared each one is visible against the write count). */
  syncs = 0;

  constructor(private readonly db: Db) {
    this.usable = !db.memory && !db.readonly && String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  }

  /**
   * Runs a transaction whose commit is made durable by `sync()` rather than in the commit.
   * Without a WAL file to sync (an in-memory store), the commit syncs as usual.
   */
  commitLater<T>(transaction: () => T): T {
    if (!this.usable || this.db.inTransaction) return transaction();
    // SQLite applies this pragma when it is prepared, so it cannot be a statement prepared once.
    this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      return transaction();
    } finally {
      this.db.exec('PRAGMA synchronous = FULL');
    }
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (!this.usable) return Promise.resolve();
    // A sync queued behind the running one starts after every commit made so far: it covers this caller too.
    if (this.next) return this.next;
    if (!this.current) return (this.current = this.run());
    const next: Promise<void> = this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return (this.current = this.run());
      });
    this.next = next;
    return next;
  }

  /**
   * Syncs now, on the calling thread, when no sync is running (else returns false and does
   * nothing): for a batch of one writer, whom no other writer could join. Handing its fsync
   * to the thread pool and waking up for the answer cost more than the fsync itself on the
   * 2-core machine (WAL sync p50 0.34 -> 0.23-0.28 ms, p90 1.4-1.5 -> 0.41-0.48 ms,
   * `npm run bench:write-floor`), though the main thread waits for it meanwhile.
   */
  syncInline(): boolean {
    if (!this.usable) return true;
    if (this.current || this.next) return false;
    this.syncs++;
    fdatasyncSync(this.walFd());
    return true;
  }

  private run(): Promise<void> {
    this.syncs++;
    const done = new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        fd = this.walFd();
      } catch (error) {
        reject(error);
        return;
      }
      fdatasync(fd, (error) => (error ? reject(error) : resolve()));
    });
    const tracked: Promise<void> = done.finally(() => {
      if (this.current === tracked) this.current = null;
    });
    return tracked;
  }

  private walFd(): number {
    // The WAL file keeps its inode while the store is open (a checkpoint truncates or rewinds it, never replaces it).
    this.fd ??= openSync(`${this.db.name}-wal`, 'r');
    return this.fd;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
