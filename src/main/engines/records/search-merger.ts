import type { Db } from '../../db/open-database';

/**
 * Full-text index merges while the store is idle, not inside somebody's write.
 *
 * Every commit that touches a record adds a small segment to its FTS5 index, and by default
 * FTS5 merges segments incrementally inside later commits ("automerge"): on the M store
 * every few dozen writes one of them paid several milliseconds of merging, which was most of
 * the single-write p99 (9.1 ms against 3.8-4.4 ms without it, 3,000 creates in sequence).
 * Here automerge is off and this class merges once no write has committed for `idleMs`, a
 * chunk of pages at a time with a turn of the event loop between chunks, and stops as soon
 * as a write commits again. FTS5's crisis merge (16 segments on one level) stays on as the
 * backstop, so under writes that never pause (an import, a busy team) segments stay bounded
 * and searches keep working; the idle merge then tidies up.
 */
export interface SearchMergerOptions {
  /** Quiet time after the last commit before merging starts (default 250 ms). */
  idleMs?: number;
  /** Pages one merge step writes (default 64: about 1-3 ms on the M store). */
  pagesPerStep?: number;
  /** After each merge step's commit (the WAL checkpointer counts commits). */
  committed?: () => void;
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchMerger {
  private readonly steps: { table: string; merge: () => void }[];
  private automergeOff = false;
  private readonly totalChanges;
  private timer: NodeJS.Timeout | null = null;
  /** Bumped by every write commit: a merge pass started before it stops. */
  private generation = 0;
  private closed = false;
  private running: Promise<void> | null = null;
  private quietWaiters: (() => void)[] = [];
  /** Merge steps that did work (for tests and the status). */
  stepsDone = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: SearchMergerOptions = {},
  ) {
    const pages = opts.pagesPerStep ?? 64;
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.steps = ftsTables(db).map((table) => ({
      table,
      merge: (() => {
        const statement = db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('merge', ${pages})`);
        return () => statement.run();
      })(),
    }));
  }

  /** After every write commit: pushes the next merge pass back to the next quiet moment. */
  committed(): void {
    this.generation++;
    this.arm();
  }

  private arm(): void {
    if (this.closed) return;
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      // A pass stopped by a write may still be on its last step: wait for the next quiet moment.
      if (this.running) this.arm();
      else this.running = this.mergeWhileIdle().finally(() => (this.running = null));
    }, this.opts.idleMs ?? 250);
    this.timer.unref();
  }

  /** Resolves when a pass next finishes with nothing left to merge (tests, benchmarks). */
  merged(): Promise<void> {
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  /** Merges every index step by step until none has work left or a write commits. */
  private async mergeWhileIdle(): Promise<void> {
    const started = this.generation;
    if (this.closed || !this.db.open) return;
    // Here rather than at start: the start-up rebuild of an index (search-index-upgrade.ts) replaces it.
    if (!this.automergeOff && !this.db.inTransaction) this.automergeOff = this.turnOffAutomerge();
    const pending = new Set(this.steps);
    while (pending.size > 0) {
      for (const step of pending) {
        if (this.closed || !this.db.open || this.generation !== started) return;
        if (this.db.inTransaction) return this.arm();
        if (!this.mergeStep(step)) pending.delete(step);
        await yieldTurn();
      }
    }
    for (const resolve of this.quietWaiters.splice(0)) resolve();
  }

  /** One step of one index; false when it had nothing left to merge. */
  private mergeStep(step: { table: string; merge: () => void }): boolean {
    const before = this.totalChanges.get() as number;
    try {
      step.merge();
    } catch {
      // A busy or closing store: the next quiet moment tries again.
      return false;
    }
    this.opts.committed?.();
    // FTS5's own test for "no work done": fewer than two changes.
    const worked = (this.totalChanges.get() as number) - before >= 2;
    if (worked) this.stepsDone++;
    return worked;
  }

  /** Automerge is a setting kept in each index: written once, read at every start after. */
  private turnOffAutomerge(): boolean {
    const on = this.steps.filter(({ table }) => this.db.prepare(`SELECT v FROM ${table}_config WHERE k = 'automerge'`).pluck().get() !== 0);
    if (on.length === 0) return true;
    try {
      this.db.transaction(() => {
        for (const { table } of on) this.db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('automerge', 0)`).run();
      })();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The records' full-text indexes (`<table>_fts`). */
function ftsTables(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_fts' ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
}
