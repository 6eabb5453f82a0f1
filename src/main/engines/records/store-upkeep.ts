import type { Db } from '../../db/open-database';
import { WalCheckpointer } from '../../db/wal-checkpointer';
import { WalSync } from '../../db/wal-sync';
import { SearchMerger } from './search-merger';
import { documentKind } from '../../../shared/entities/shared-kinds';

/** Records of one entity in one bulk batch from which its index is merged into one segment afterwards. */
const LARGE_BATCH = 1000;

/**
 * What keeps the store file fast and durable around the write path, off its requests: the
 * fsync of group commit on the thread pool (wal-sync.ts), WAL checkpoints on a worker
 * (wal-checkpointer.ts), full-text merges in quiet moments (search-merger.ts). An in-memory
 * store has none of the last two. The write path tells it of each commit.
 */
export class StoreUpkeep {
  readonly walSync: WalSync;
  private readonly checkpointer: WalCheckpointer | null;
  readonly searchMerger: SearchMerger | null;

  constructor(db: Db, opts: { searchMergeIdleMs?: number } = {}) {
    this.walSync = new WalSync(db);
    this.checkpointer = this.walSync.usable ? new WalCheckpointer(db) : null;
    this.searchMerger = this.walSync.usable ? new SearchMerger(db, { idleMs: opts.searchMergeIdleMs, committed: () => this.checkpointer?.committed() }) : null;
  }

  /** After each commit of the write path. */
  committed(): void {
    this.checkpointer?.committed();
    this.searchMerger?.committed();
  }

  /**
   * A bulk batch (an import, a bootstrap page) wrote these records in one transaction: the
   * indexes it filled with large segments are merged into one segment in later quiet moments
   * (search-merger.ts). Call inside the batch's transaction.
   */
  bulkWritten(byEntity: Readonly<Record<string, number>>): void {
    const tables = Object.entries(byEntity)
      .filter(([, count]) => count >= LARGE_BATCH)
      .map(([name]) => documentKind(name)?.table)
      .filter((table): table is string => table !== undefined);
    if (tables.length > 0) this.searchMerger?.optimizeLater(tables.map((table) => `${table}_fts`));
  }

  /** WAL checkpoints the worker finished so far. */
  checkpoints(): number {
    return this.checkpointer?.checkpoints ?? 0;
  }

  /** Stops the merges and the checkpoint worker and closes the WAL handle (the store itself is closed by its owner). */
  close(): void {
    this.searchMerger?.close();
    this.checkpointer?.close();
    this.walSync.close();
  }
}
