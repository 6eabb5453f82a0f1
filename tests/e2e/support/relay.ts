import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, waitForLine } from './processes';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const READY_LINE = /CRM relay listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface E2eRelay {
  url: string;
  output(): string;
  /** SIGTERM, waiting for the exit; a second call is harmless. */
  stop(): Promise<void>;
}

/**
 * The team relay (`sync-server/main.ts`) as its own process over PGlite in `dataDir` (port 0 = any),
 * as tests/helpers/relay-process.ts starts it, without that helper's frame tooling (which
 * pulls the relay's sources into the browser tests' type project).
 */
export async function startRelay(dataDir: string, port = 0): Promise<E2eRelay> {
  const started = spawnNode(['--import', 'tsx', 'sync-server/main.ts', '--data-dir', dataDir, '--port', String(port)], { cwd: ROOT });
  const { child, output } = started;
  const exited = once(child, 'exit');
  const url = await waitForLine(started, READY_LINE, 'relay', 60_000);
  return {
    url,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
