import type { WalSync } from '../../db/wal-sync';
import type { RecordChange } from './record-change';

export interface GroupCommitDeps {
  walSync: WalSync;
  /** The write path's transaction; `emit` receives the committed changes instead of announcing them. */
  transaction: <T>(fn: () => T, emit: (events: RecordChange[]) => void) => T;
  /** One write inside the shared transaction: rolled back alone (its changes forgotten) when it throws. */
  savepoint: <T>(fn: () => T) => T;
  announce: (events: readonly RecordChange[]) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: writes that arrive in the same turn of the event loop share one
 * transaction, and its fsync runs on the thread pool (WalSync) while the main thread goes
 * on; writes committed meanwhile share the next fsync. A lone writer's batch, with no fsync
 * running, is synced inline instead: nobody could share it, and the hand-off costs more. Each runs in its own savepoint: one
 * that fails is rolled back alone and rejects alone. Writers hear back once their commit is
 * on disk, and change events are emitted just before (an awaited write has been announced).
 */
export class GroupCommit {
  private queue: { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly deps: GroupCommitDeps) {}

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** The batch's commit on disk: inline for a lone writer when no sync runs, else shared on the thread pool. */
  private durable(writers: number): Promise<void> {
    if (writers === 1) {
      try {
        if (this.deps.walSync.syncInline()) return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.deps.walSync.sync();
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    const outcomes: Outcome[] = [];
    let events: RecordChange[] = [];
    try {
      this.deps.walSync.commitLater(() =>
        this.deps.transaction(
          () => {
            for (const item of batch) {
              try {
                outcomes.push({ ok: true, value: this.deps.savepoint(item.fn) });
              } catch (error) {
                outcomes.push({ ok: false, error });
              }
            }
          },
          (committed) => (events = committed),
        ),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.durable(batch.length).then(
      () => {
        this.deps.announce(events);
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
      },
      (error: unknown) => {
        // Committed but not known to be on disk: nobody is told it worked.
        this.deps.announce(events);
        for (const item of batch) item.reject(error);
      },
    );
  }
}
