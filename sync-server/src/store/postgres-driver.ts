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
    async exclusive(name, fn) {
      // A session lock on one pooled connection: if this instance dies, PostgreSQL drops the
      // connection and the lock with it, so the next instance's run takes over.
      const client = await pool.connect();
      let held = false;
      try {
        const [row] = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name])).rows;
        held = row?.ok === true;
        return held ? await fn() : null;
      } finally {
        if (held) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The channel every append notifies on, inside its transaction: `<team id>:<seq>`. */
export const COMMIT_CHANNEL = 'relay_commits';

export function openPostgresRelayStore(url: string, onIdleError?: (error: Error) => void): Promise<RelayStore> {
  return openRelayStore(openPostgresDriver(url, onIdleError), { notifyChannel: COMMIT_CHANNEL });
}
