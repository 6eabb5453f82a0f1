import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Entry = 'built' | 'tsx';

/** The built headless bundle (`npm run build:headless`), or the TypeScript source through tsx. */
export function entryArgs(root: string, entry: Entry): string[] {
  if (entry === 'built') {
    const file = join(root, 'out', 'headless', 'main.cjs');
    if (!existsSync(file)) throw new Error('out/headless/main.cjs is missing: run `npm run build:headless` first (or pass --entry tsx)');
    return [file];
  }
  return ['--import', 'tsx', join(root, 'src', 'main', 'headless.ts')];
}

export interface Server {
  child: ChildProcess;
  url: string;
  /** Spawn to the listening line. */
  listeningMs: number;
  /** performance.now() at spawn. */
  spawnedAt: number;
}

export async function startServer(root: string, entry: Entry, dataDir: string): Promise<Server> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...entryArgs(root, entry), '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CRM_ADMIN_EMAIL: '', CRM_ADMIN_PASSWORD: '' },
  });
  let output = '';
  return new Promise((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /CRM API listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        done({ child, url: m[1], listeningMs: performance.now() - spawnedAt, spawnedAt });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/** SIGTERM (the server closes the store cleanly), SIGKILL after 10 s; only this child. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
