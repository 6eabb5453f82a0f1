import type { UpdateStore } from '../store/update-store';
import type { RelayLogger } from './relay-logger';

export interface CompactorOptions {
  intervalMs: number;
  /** A record's history is merged once it has more rows than this. */
  minRows: number;
  recordsPerRun: number;
  /** A merged history above this stays as separate rows (bootstrap pages must fit a frame). */
  maxMergedBytes: number;
}

export const DEFAULT_COMPACTOR: CompactorOptions = { intervalMs: 30_000, minRows: 16, recordsPerRun: 100, maxMergedBytes: 512 * 1024 };

/**
 * Merges each busy record's rows with Y.mergeUpdates on a timer, never on the push path.
 * One run at a time; a run takes one short transaction per record.
 */
export function startCompactor(store: UpdateStore, log: RelayLogger, opts: CompactorOptions = DEFAULT_COMPACTOR) {
  let running: Promise<number> | null = null;
  const run = async (): Promise<number> => {
    if (running) return running;
    running = store
      .compact(opts.minRows, opts.recordsPerRun, opts.maxMergedBytes)
      .then((n) => {
        if (n > 0) log('info', 'compacted record histories', { records: n });
        return n;
      })
      .catch((err: unknown) => {
        log('error', 'compaction failed', { error: err instanceof Error ? err.message : String(err) });
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), opts.intervalMs);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
