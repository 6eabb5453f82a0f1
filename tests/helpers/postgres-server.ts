import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { waitFor } from './relay-fixtures';

/** The newest Debian PostgreSQL server installed (scripts/ensure-system-deps.sh installs one). */
const BIN = (() => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0] ?? 'missing', 'bin');
})();

export interface PostgresServer {
  url: string;
  /** Fast shutdown and start again on the same port and data (what `pg_ctl restart -m fast` does). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

/**
 * A real, throwaway PostgreSQL (the Debian server binaries) in a temp dir on a free port.
 * Postgres refuses to run as root, so under root it runs as the `postgres` system user.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  execFileSync(...run(`${BIN}/initdb`, ['-D', join(dir, 'data'), '-U', 'relay', '--auth=trust', '-E', 'UTF8']), { stdio: 'ignore' });
  const port = await freePort();
  const url = `postgres://relay@127.0.0.1:${port}/postgres`;
  // max_connections: two relay instances' pools and listeners, and a benchmark's, fit.
  const start = async () => {
    const child: ChildProcess = spawn(
      ...run(`${BIN}/postgres`, ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200']),
      { stdio: 'ignore' },
    );
    let ready = false;
    await waitFor(
      () => {
        if (!ready) {
          const c = new pg.Client(url);
          c.on('error', () => {});
          c.connect().then(
            () => {
              ready = true;
              return c.end();
            },
            () => {},
          );
        }
        return ready;
      },
      'postgres to accept connections',
      30_000,
    );
    return child;
  };
  const shutdown = async (child: ChildProcess) => {
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    // SIGINT = fast shutdown, sent to postgres itself (runuser does not pass signals on).
    const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await exited;
  };
  let child = await start();
  return {
    url,
    async restart() {
      await shutdown(child);
      child = await start();
    },
    async stop() {
      await shutdown(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
