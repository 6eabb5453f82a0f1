import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', '--data-dir', dataDir, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay not ready after 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const match = READY_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
