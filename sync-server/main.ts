import { parseArgs } from 'node:util';
import { jsonLineLogger } from './src/core/relay-logger';
import { startRelay } from './src/relay-server';

/** `npm run relay -- --data-dir DIR --port N [--database-url postgres://...]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'public-url': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? process.env.RELAY_DATA_DIR;
  const databaseUrl = values['database-url'] ?? process.env.RELAY_DATABASE_URL;
  const portText = values.port ?? process.env.RELAY_PORT ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${portText}`);
  if (!dataDir && !databaseUrl) throw new Error('give --data-dir DIR (or RELAY_DATA_DIR), or --database-url');
  const log = jsonLineLogger();
  const authPerMinute = process.env.RELAY_AUTH_PER_MINUTE ? Number(process.env.RELAY_AUTH_PER_MINUTE) : undefined;
  if (authPerMinute !== undefined && !(authPerMinute > 0)) throw new Error('RELAY_AUTH_PER_MINUTE must be a positive number');
  const publicUrl = values['public-url'] ?? process.env.RELAY_PUBLIC_URL;
  const relay = await startRelay({ dataDir, databaseUrl, port, host: values.host ?? process.env.RELAY_HOST, log, authPerMinute, publicUrl });
  process.stdout.write(`CRM relay listening on ${relay.url}\n`);
  const shutdown = (signal: string) => {
    log('info', 'shutting down', { signal });
    relay.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log('error', 'shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`relay failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
