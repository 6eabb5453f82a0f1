import type { Db } from '../../db/open-database';
import type { EventBus } from '../../core/event-bus';
import type { SyncOutbox } from './sync-outbox';
import type { BulkSummary } from './bulk-write';
import type { RecordChange, RecordEvents } from './record-change';

export interface WriteTransactionDeps {
  db: Db;
  outbox: SyncOutbox;
  events: EventBus<RecordEvents>;
  /** After each commit (WAL checkpoints are counted from here). */
  committed?: () => void;
}

/**
 * The write path's transaction: writes nested inside one share it, and the change events
 * (and bulk summaries) they queue are emitted once it commits, or forgotten when it rolls back.
 */
export class WriteTransaction {
  private depth = 0;
  private pending: RecordChange[] = [];
  private pendingSummaries: BulkSummary[] = [];

  constructor(private readonly deps: WriteTransactionDeps) {}

  /** A change committed with the transaction, announced after it. */
  queue(change: RecordChange): void {
    this.pending.push(change);
  }

  /** A bulk batch's summary, announced (`records.arrived`) after the transaction. */
  queueSummary(summary: BulkSummary): void {
    this.pendingSummaries.push(summary);
  }

  /** Runs fn in one transaction; events of all writes inside are emitted once it commits. */
  run<T>(fn: () => T, emit: (events: RecordChange[]) => void = (events) => this.announce(events)): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      const result = this.deps.db.transaction(fn)();
      this.deps.committed?.();
      const events = this.pending;
      const summaries = this.pendingSummaries;
      this.pending = [];
      this.pendingSummaries = [];
      this.depth--;
      emit(events);
      for (const { ids: _ids, actor: _actor, ...arrived } of summaries) this.deps.events.emit('records.arrived', arrived);
      return result;
    } catch (error) {
      this.pending = [];
      this.pendingSummaries = [];
      this.depth--;
      this.deps.outbox.forgetCount();
      throw error;
    }
  }

  announce(events: readonly RecordChange[]): void {
    for (const e of events) this.deps.events.emit('record.changed', e);
  }

  /** One write of a group commit in its own savepoint: a failure rolls back its changes alone. */
  savepoint<T>(fn: () => T): T {
    const mark = this.pending.length;
    try {
      return this.deps.db.transaction(fn)();
    } catch (error) {
      this.pending.length = mark;
      this.deps.outbox.forgetCount();
      throw error;
    }
  }
}
