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
 *
 * An index filled in large transactions (an import, a bootstrap, the rebuild of an upgrade)
 * holds large segments on low levels, which crisis merges inside ordinary writes then rewrite
 * again and again (400-2,200 pages in one commit on the M store). Such an index is marked
 * (`search.optimize.<table>` in settings, in the transaction that filled it) and merged into
 * one segment in the same quiet-moment steps: FTS5's incremental optimize, a first step with a
 * negative page count that gathers every segment into one merge, then ordinary steps that
 * carry it on. A restart midway starts that merge again. The whole M store takes ~400 steps
 * (1.7 s of steps, the longest 26 ms).
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
const OPTIMIZE_KEY = 'search.optimize.';

interface MergeStep {
  table: string;
  /** An ordinary merge step: the level with the most segments, or the merge under way. */
  merge: () => void;
  /** The incremental optimize's first step: every segment into one merge. */
  gather: () => void;
}

export class SearchMerger {
  private readonly steps: MergeStep[];
  /** Indexes marked for a one-time merge into one segment, and those whose merge has begun in this process. */
  private readonly toOptimize: Set<string>;
  private readonly optimizing = new Set<string>();
  private readonly sql;
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
    this.steps = ftsTables(db).map((table) => {
      const merge = db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('merge', ${pages})`);
      const gather = db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('merge', ${-pages})`);
      return { table, merge: () => merge.run(), gather: () => gather.run() };
    });
    this.sql = {
      mark: db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')"),
      unmark: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
    const marked = db
      .prepare('SELECT substr(key, ?) FROM settings WHERE key LIKE ?')
      .pluck()
      .all(OPTIMIZE_KEY.length + 1, `${OPTIMIZE_KEY}%`) as string[];
    this.toOptimize = new Set(marked);
  }

  /**
   * Marks indexes for a one-time merge into one segment at the next quiet moments (call in the
   * transaction that filled them, so the mark commits with them). A merge under way restarts,
   * so it takes in the new segments.
   */
  optimizeLater(tables: readonly string[]): void {
    for (const table of tables) {
      if (!this.steps.some((step) => step.table === table)) continue;
      this.sql.mark.run(OPTIMIZE_KEY + table);
      this.toOptimize.add(table);
      this.optimizing.delete(table);
    }
    this.arm();
  }

  /** Indexes still waiting for their one-time merge (for tests and the status). */
  pendingOptimize(): string[] {
    return [...this.toOptimize];
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
  private mergeStep(step: MergeStep): boolean {
    const optimize = this.toOptimize.has(step.table);
    const before = this.totalChanges.get() as number;
    try {
      if (optimize && !this.optimizing.has(step.table)) {
        step.gather();
        this.optimizing.add(step.table);
      } else step.merge();
    } catch {
      // A busy or closing store: the next quiet moment tries again.
      return false;
    }
    this.opts.committed?.();
    // FTS5's own test for "no work done": fewer than two changes.
    const worked = (this.totalChanges.get() as number) - before >= 2;
    if (worked) this.stepsDone++;
    else if (optimize) this.optimized(step.table);
    return worked;
  }

  /** The index is one segment: its mark goes. */
  private optimized(table: string): void {
    try {
      this.sql.unmark.run(OPTIMIZE_KEY + table);
    } catch {
      return; // Still marked: the next quiet moment finds nothing to merge and tries again.
    }
    this.toOptimize.delete(table);
    this.optimizing.delete(table);
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
