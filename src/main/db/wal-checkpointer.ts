import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open-database';

/**
 * WAL checkpoints off the main thread. SQLite checkpoints in the connection that commits once
 * the WAL passes 1,000 pages: that write then copies ~4 MB of pages into the store and fsyncs
 * it, inside somebody's request (the p99 of single writes on the M store). Here the main
 * connection leaves them to a worker thread with its own connection, which runs a PASSIVE
 * checkpoint (never blocking the writer or readers) every `every` commits (a single write
 * commits ~40 pages: 16 commits are about what SQLite's 1,000 pages would be). The main
 * connection keeps an automatic checkpoint at `backstopPages` so the WAL stays bounded if the
 * worker falls behind (a large import) or fails. The worker starts on the first checkpoint it
 * is asked for and stops when none was asked for `idleMs` after its last one: a store written
 * a few times (most tests, a short session) starts no thread, and an idle one keeps none.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private running = false;
  private failed = false;
  private commits = 0;
  private idle: NodeJS.Timeout | null = null;
  /** Set to 1 by the worker once its connection is closed (see stop). */
  private closed: Int32Array | null = null;
  /** Checkpoints the worker finished (for tests and the bench). */
  checkpoints = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: { every?: number; backstopPages?: number; idleMs?: number } = {},
  ) {
    db.pragma(`wal_autocheckpoint = ${opts.backstopPages ?? 16_000}`);
    // Whoever closes the store (an engine's close, a test's clean-up) stops the worker first, so
    // the store's own connection is always the last and the WAL files go away with it.
    const closeStore = db.close.bind(db);
    db.close = () => {
      this.close();
      return closeStore();
    };
  }

  /** Called after each commit of the main connection. */
  committed(): void {
    this.commits++;
    if (this.running || this.failed || this.commits < (this.opts.every ?? 16)) return;
    this.commits = 0;
    this.running = true;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    try {
      this.start().postMessage('checkpoint');
    } catch {
      this.giveUp();
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const nativeBinding = process.env.CRM_SQLITE_BINDING || null;
    this.closed = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.db.name, nativeBinding, closed: this.closed } });
    worker.unref();
    worker.on('message', (m: { ok: boolean }) => {
      this.running = false;
      if (m.ok) this.checkpoints++;
      this.idle = setTimeout(() => this.stop(), this.opts.idleMs ?? 2000);
      this.idle.unref();
    });
    // A worker that cannot open the store or dies leaves checkpoints to SQLite's own (the backstop).
    worker.on('error', () => this.giveUp());
    worker.on('exit', () => {
      if (this.worker === worker) this.giveUp();
    });
    this.worker = worker;
    return worker;
  }

  private giveUp(): void {
    this.failed = true;
    this.running = false;
    this.worker = null;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }

  /**
   * Stops the worker; the next checkpoint starts another. Its connection is closed before this
   * returns (waiting for a checkpoint in progress, 2 s at most), so the store's own connection,
   * closed next, is the last one and removes the WAL as it did before the worker existed.
   */
  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    this.running = false;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (!worker) return;
    worker.postMessage('close');
    if (this.closed) Atomics.wait(this.closed, 0, 0, 2000);
    void worker.terminate();
  }

  /** Stops the worker for good; call before closing the store. */
  close(): void {
    this.failed = true;
    this.stop();
  }

  /** Whether a worker thread is running (tests). */
  get started(): boolean {
    return this.worker !== null;
  }
}

// CommonJS so it runs as an eval'd worker in every build (tsx, the headless bundle, Electron).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
// Frames committed while a checkpoint ran are copied by another pass (a few at most): the
// writer starts the WAL over only once all of it is in the store, which keeps the file small.
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    Atomics.store(workerData.closed, 0, 1);
    Atomics.notify(workerData.closed, 0);
    return;
  }
  try {
    for (let pass = 0; pass < 4; pass++) {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      if (result.checkpointed >= result.log) break;
    }
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
});
`;
