import type { HandlerMap } from '../../core/handler';
import type { Db } from '../../db/open-database';

export interface SystemStatusDeps {
  db: Db;
  version: string;
  /** Local changes the relay has not acknowledged yet. */
  outboxPending: () => number;
  /** Group commit's fsyncs since start. */
  walSyncs: () => number;
  /** WAL checkpoints the checkpoint thread has run since start. */
  walCheckpoints?: () => number;
  /** The background rewrite of schema-2 record documents (records' doc-rewrite.ts). */
  docRewrite?: () => unknown;
  /** The team compaction on this install: epoch held, re-bootstrap under way (sync's epoch-rebootstrap.ts). */
  epochRebootstrap?: () => unknown;
}

/** `GET /system/status/`: what the engine is and holds (version, store size, memory, outbox). */
export function systemHandlers(deps: SystemStatusDeps): HandlerMap {
  return {
    'system.status': () => {
      const memory = process.memoryUsage();
      const pageCount = deps.db.pragma('page_count', { simple: true }) as number;
      const pageSize = deps.db.pragma('page_size', { simple: true }) as number;
      return {
        version: deps.version,
        heap_used_bytes: memory.heapUsed,
        rss_bytes: memory.rss,
        store_bytes: pageCount * pageSize,
        outbox_pending: deps.outboxPending(),
        uptime_seconds: Math.round(process.uptime()),
        // Group commit's fsyncs since start: against the writes made, how many shared each one.
        write_syncs: deps.walSyncs(),
        // Checkpoints off the main thread (wal-checkpointer.ts): 0 after many writes means SQLite's own ran them.
        wal_checkpoints: deps.walCheckpoints?.() ?? 0,
        // Existing record documents rewritten as schema 3: state, done of total, rewritten, kept, bytes.
        ...(deps.docRewrite ? { doc_rewrite: deps.docRewrite() } : {}),
        // The team's compaction epoch this install holds, and its re-bootstrap to a newer one.
        ...(deps.epochRebootstrap ? { epoch_rebootstrap: deps.epochRebootstrap() } : {}),
      };
    },
  };
}
