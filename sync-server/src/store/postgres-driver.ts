import pg from 'pg';
import { openRelayStore, type RelayStore } from './relay-store';
import type { SqlDriver } from './sql-driver';

// int8 (seq, ids) as numbers: seqs stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** The same statements as PGlite, over a PostgreSQL pool (`--database-url`). */
export function openPostgresDriver(url: string, onIdleError: (error: Error) => void = () => {}): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (a restart, an admin's termination) is an event,
  // not a crash: the pool replaces it on the next query.
  pool.on('error', onIdleError);
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as R[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

export function openPostgresRelayStore(url: string): Promise<RelayStore> {
  return openRelayStore(openPostgresDriver(url));
}
