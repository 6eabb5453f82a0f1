import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalServer } from './app/start-local-server';

/**
 * Headless entry: the same engine and API as the desktop app, and the built UI at `/`, for
 * scripts, tests, benchmarks and machines without a display.
 *   npm run serve -- --data-dir DIR --port N     (CRM_DATA_DIR / CRM_PORT work too)
 */
const DEFAULT_PORT = 4780;

function fail(message: string): never {
  console.error(`error: ${message}`);
  console.error('usage: npm run serve -- [--data-dir DIR] [--port N]   (N = 0 picks a free port)');
  process.exit(2);
}

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'fieldcrm');
}

async function main(): Promise<void> {
  let values: { 'data-dir'?: string; port?: string };
  try {
    ({ values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } }, strict: true }));
  } catch (e) {
    fail((e as Error).message);
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.CRM_DATA_DIR ?? defaultDataDir());
  const portText = values.port ?? process.env.CRM_PORT ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail(`--port must be a number from 0 to 65535, got "${portText}"`);
  const email = process.env.CRM_ADMIN_EMAIL;
  const password = process.env.CRM_ADMIN_PASSWORD;
  if ((email && !password) || (!email && password)) fail('set both CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD, or neither');

  const here = dirname(fileURLToPath(import.meta.url));
  // From src/main (run with tsx) or out/headless (the built bundle), the renderer is in out/renderer.
  const rendererDir = process.env.CRM_RENDERER_DIR ?? resolve(here, here.endsWith(join('out', 'headless')) ? '../renderer' : '../../out/renderer');
  let server;
  try {
    server = await startLocalServer({
      dataDir,
      port: Number(portText),
      rendererDir,
      admin: email && password ? { email, password, username: process.env.CRM_ADMIN_USERNAME } : undefined,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${portText} is in use; pick another with --port, or 0 for any free port`);
    throw e;
  }
  // A closed stdout (the reading end of a pipe gone) must not turn the shutdown log line
  // into an uncaught EPIPE that exits before the store is closed.
  process.stdout.on('error', () => {});
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Announce readiness only once a supervisor's SIGTERM would shut down cleanly.
  console.log(`CRM API listening on ${server.url}`);
  if (server.engine.auth.userCount() === 0) console.log(`Open ${server.url}/ to create the owner account.`);
}

main().catch((e) => {
  console.error('fatal:', e instanceof Error ? e.message : e);
  process.exit(1);
});
