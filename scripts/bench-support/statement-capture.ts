import Database from 'better-sqlite3';
import type { Db } from '../../src/main/db/open-database';

/** One statement call a write made: its SQL and the values bound to it. */
export interface StatementCall {
  sql: string;
  method: 'run' | 'get' | 'all' | 'iterate';
  args: unknown[];
}

const METHODS = ['run', 'get', 'all', 'iterate'] as const;
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/**
 * Records every prepared-statement call the process makes while a recording is open, so a
 * bench can replay exactly the statements one write ran (bench-write-floor.ts). It wraps the
 * statement methods of better-sqlite3 itself: the engine's code is not touched, and nothing
 * is recorded outside `record()`.
 */
export class StatementCapture {
  private current: StatementCall[] | null = null;

  constructor() {
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
    probe.close();
    for (const method of METHODS) {
      const original = proto[method];
      const capture = this;
      proto[method] = function (this: { source: string }, ...args: unknown[]) {
        // better-sqlite3's transaction() runs its BEGIN/SAVEPOINT/COMMIT as statements too; a replay brings its own.
        if (capture.current && !TRANSACTION_CONTROL.test(this.source)) capture.current.push({ sql: this.source, method, args });
        return original.apply(this, args);
      };
    }
  }

  /** Runs fn and returns what it returned with the statement calls it made. */
  async record<T>(fn: () => Promise<T>): Promise<{ value: T; calls: StatementCall[] }> {
    const calls: StatementCall[] = [];
    this.current = calls;
    try {
      return { value: await fn(), calls };
    } finally {
      this.current = null;
    }
  }
}

/** Prepares each distinct SQL of `calls` once on db (before anything is timed). */
export function prepareAll(db: Db, writes: readonly StatementCall[][]): Map<string, Database.Statement> {
  const prepared = new Map<string, Database.Statement>();
  for (const calls of writes) for (const c of calls) if (!prepared.has(c.sql)) prepared.set(c.sql, db.prepare(c.sql));
  return prepared;
}
