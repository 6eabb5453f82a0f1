import { PGlite } from '@electric-sql/pglite';

/**
 * The few calls the relay's SQL needs. PGlite implements them here; a PostgreSQL pool (`pg`)
 * implements the same three with the same statements ($1 placeholders, Postgres dialect).
 */
export interface SqlDriver {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs fn in one transaction; everything in it commits or nothing does. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  /**
   * Runs fn only if no other relay instance on this database runs the same `name` now (a
   * PostgreSQL advisory lock); resolves null when another holds it. PGlite has one instance.
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T | null>;
  close(): Promise<void>;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** PGlite keeps a real Postgres data directory in DIR; commits are written before they resolve. */
export async function openPgliteDriver(dataDir: string): Promise<SqlDriver> {
  const db = await PGlite.create(dataDir);
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      return (await db.query<R>(sql, params)).rows;
    },
    transaction(fn) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            return (await tx.query<R>(sql, params)).rows;
          },
        }),
      );
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    // One process owns a PGlite directory: nobody else can hold the lock.
    exclusive: (_name, fn) => fn(),
    close: () => db.close(),
  };
}
