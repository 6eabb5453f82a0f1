import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface HeadlessProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** kill -9: nothing of the shutdown runs. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** The headless entry (`node --import tsx src/main/headless.ts`) as a real child process, port 0. */
export async function spawnHeadless(dataDir: string, env: Record<string, string> = {}): Promise<HeadlessProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/headless.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, CRM_RENDERER_DIR: join(dataDir, 'no-renderer'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /CRM API listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) res(m[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    void exited.then(() => rej(new Error(`headless server exited early:\n${out}`)));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url, child, output: () => out,
    crash: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
  };
}
