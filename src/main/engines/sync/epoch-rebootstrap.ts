import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import type { RecordsEngine } from '../records';
import type { BootstrapCursor, BootstrapRecord } from '../../../shared/sync/sync-protocol';

/** Where this install stands in its team's compaction (settings `sync.rebootstrap`, kept across restarts). */
export interface RebootstrapState {
  /** The epoch being moved to. */
  epoch: number;
  /** waiting: the relay still rewrites; staging: bootstrap pages arrive; swapping: documents are replaced. */
  phase: 'waiting' | 'staging' | 'swapping';
  cursor: BootstrapCursor | null;
  staged: number;
  total: number;
  swapped: number;
  reauthored: number;
  merged: number;
  started_at: string;
  /** The relay's previous histories of records with unsent edits: fetched, or unavailable (an older relay). */
  previous?: 'fetched' | 'unavailable';
}

/** Reads the relay's histories of the epoch before (POST /v1/compaction/previous). */
export type PreviousFetcher = (recordIds: string[]) => Promise<{ record_id: string; update: Uint8Array }[]>;

const KEYS = { epoch: 'sync.epoch', state: 'sync.rebootstrap', last: 'sync.rebootstrap_last' } as const;
const SWAP_BATCH = 200;
const PREVIOUS_BATCH = 200;

/**
 * A team compaction on this install (README, "The record document", the team-wide step, parts
 * 3-5): told a newer epoch, it bootstraps the relay's rewritten documents again through the
 * paged, resumable bootstrap into a staging table (the store's documents and rows keep serving
 * reads), then swaps them in by batches (records' epoch-swap.ts: unsent changes re-authored
 * under their original stamps), then holds the new epoch and catches up. Every step saves its
 * progress with its data, so a kill -9 resumes where it stopped; a batch swapped twice is
 * harmless (the second time the document is schema 3 already and the relay's copy merges in).
 */
export class EpochRebootstrap {
  private readonly sql;

  constructor(
    db: Db,
    private readonly records: RecordsEngine,
  ) {
    this.sql = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      put: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      del: db.prepare('DELETE FROM settings WHERE key = ?'),
      staged: db.prepare('SELECT state FROM epoch_staging WHERE record_id = ?').pluck(),
      stage: db.prepare('INSERT INTO epoch_staging (record_id, state) VALUES (?, ?) ON CONFLICT(record_id) DO UPDATE SET state = excluded.state'),
      next: db.prepare('SELECT record_id, state FROM epoch_staging ORDER BY record_id LIMIT ?'),
      unstage: db.prepare('DELETE FROM epoch_staging WHERE record_id = ?'),
      clear: db.prepare('DELETE FROM epoch_staging'),
      unsentStaged: db.prepare(
        "SELECT DISTINCT s.record_id FROM epoch_staging s JOIN sync_outbox o ON o.record_id = s.record_id WHERE s.record_id NOT LIKE '%::%' ORDER BY s.record_id",
      ),
      putPrevious: db.prepare('INSERT OR REPLACE INTO epoch_previous (record_id, state) VALUES (?, ?)'),
      previousOf: db.prepare('SELECT state FROM epoch_previous WHERE record_id = ?').pluck(),
      clearPrevious: db.prepare('DELETE FROM epoch_previous'),
    };
    this.tx = (fn) => db.transaction(fn)();
  }

  private readonly tx: (fn: () => void) => void;
  /** Set by the sync engine: reads the relay over HTTP with the connection's token. */
  fetcher: PreviousFetcher | null = null;

  /** The compaction epoch whose documents this install holds (0: never compacted). */
  localEpoch(): number {
    return Number(this.sql.get.get(KEYS.epoch) ?? 0);
  }

  state(): RebootstrapState | null {
    const raw = this.sql.get.get(KEYS.state) as string | undefined;
    return raw ? (JSON.parse(raw) as RebootstrapState) : null;
  }

  private save(state: RebootstrapState): void {
    this.sql.put.run(KEYS.state, JSON.stringify(state));
  }

  /** A store with nothing of the team yet (a bootstrap never started) takes the epoch as it is. */
  adopt(epoch: number): void {
    this.sql.put.run(KEYS.epoch, String(epoch));
  }

  /** The relay announced `epoch`: a re-bootstrap to it is due (a newer one replaces one under way). */
  begin(epoch: number, at: string): RebootstrapState {
    const current = this.state();
    if (current && current.epoch >= epoch) return current;
    const state: RebootstrapState = { epoch, phase: 'waiting', cursor: null, staged: 0, total: 0, swapped: 0, reauthored: 0, merged: 0, started_at: at };
    this.tx(() => {
      this.sql.clear.run();
      this.sql.clearPrevious.run();
      this.save(state);
    });
    return state;
  }

  /**
   * Before the swap: the relay's histories of the epoch before, for the records with unsent
   * edits, so each edit supersedes exactly what it had seen (unsent-entries.ts). A relay without
   * them (404) leaves the re-authoring to its approximation; other failures are thrown (the
   * connection retries, the step runs again).
   */
  async fetchPrevious(): Promise<void> {
    const state = this.state();
    const fetch = this.fetcher;
    if (!state || state.previous || !fetch) return;
    const ids = (this.sql.unsentStaged.all() as { record_id: string }[]).map((r) => r.record_id);
    let outcome: 'fetched' | 'unavailable' = 'fetched';
    for (let i = 0; i < ids.length && outcome === 'fetched'; i += PREVIOUS_BATCH) {
      try {
        const rows = await fetch(ids.slice(i, i + PREVIOUS_BATCH));
        this.tx(() => {
          for (const r of rows) this.sql.putPrevious.run(r.record_id, Buffer.from(r.update));
        });
      } catch (error) {
        if ((error as { code?: string }).code !== 'not_found') throw error;
        outcome = 'unavailable';
      }
    }
    this.save({ ...this.state()!, previous: outcome });
  }

  /** The relay's epoch is ready: pages may be asked for (from the saved cursor). */
  ready(): RebootstrapState | null {
    const state = this.state();
    if (state?.phase === 'waiting') this.save({ ...state, phase: 'staging' });
    return this.state();
  }

  /** One bootstrap page into staging, with the cursor, in one transaction. */
  stage(records: readonly BootstrapRecord[], cursor: BootstrapCursor, done: boolean, total: number): RebootstrapState {
    const state = this.state()!;
    this.tx(() => {
      for (const r of records) {
        // A record larger than a page comes in parts: they are merged as the relay would.
        const before = this.sql.staged.get(r.record_id) as Buffer | undefined;
        this.sql.stage.run(r.record_id, Buffer.from(before ? mergedOrLatest(before, r.update) : r.update));
      }
      this.save({ ...state, cursor, staged: state.staged + records.length, total, phase: done ? 'swapping' : 'staging' });
    });
    return this.state()!;
  }

  /** Swaps the next batch of staged documents in; returns how many were gone through (0: done). */
  swapBatch(): number {
    const rows = this.sql.next.all(SWAP_BATCH) as { record_id: string; state: Buffer }[];
    if (rows.length === 0) return 0;
    const items = rows.map((r) => {
      const previous = this.sql.previousOf.get(r.record_id) as Buffer | undefined;
      return { record_id: r.record_id, update: new Uint8Array(r.state), previous: previous ? new Uint8Array(previous) : undefined };
    });
    const result = this.records.epochSwap.swap(items);
    // Not rewritten by the relay (or new here): the relay's copy is the same history, merged as usual.
    if (result.merge.length > 0)
      this.records.applyRemoteBatch(
        result.merge.map((m) => ({ record_id: m.record_id, update: m.update })),
        { quiet: true },
      );
    const state = this.state()!;
    this.tx(() => {
      for (const r of rows) this.sql.unstage.run(r.record_id);
      this.save({
        ...state,
        swapped: state.swapped + result.swapped,
        reauthored: state.reauthored + result.reauthored,
        merged: state.merged + result.merge.length,
      });
    });
    return rows.length;
  }

  /** Every document swapped: this install holds the epoch; the figures stay for the status. */
  finish(at: string): RebootstrapState {
    const state = this.state()!;
    this.tx(() => {
      this.sql.put.run(KEYS.epoch, String(state.epoch));
      this.sql.clearPrevious.run();
      this.sql.put.run(KEYS.last, JSON.stringify({ ...state, finished_at: at }));
      this.sql.del.run(KEYS.state);
    });
    return state;
  }

  /** For `GET /system/status/` (`epoch_rebootstrap`): the epoch held, and the re-bootstrap under way or the last one. */
  progress(): Record<string, unknown> {
    const state = this.state();
    if (state) return { ...state, epoch: this.localEpoch(), state: state.phase, target_epoch: state.epoch };
    const last = this.sql.get.get(KEYS.last) as string | undefined;
    return { epoch: this.localEpoch(), state: last ? 'done' : 'idle', ...(last ? { last: JSON.parse(last) as unknown } : {}) };
  }
}

/** A part that does not merge (bytes that are no Yjs update) is kept as it came: the swap hands it to the remote path, which refuses it with a reason. */
function mergedOrLatest(before: Uint8Array, part: Uint8Array): Uint8Array {
  try {
    return Y.mergeUpdates([before, part]);
  } catch {
    return part;
  }
}
