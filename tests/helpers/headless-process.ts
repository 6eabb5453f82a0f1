import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const HEADLESS_ADMIN = { email: 'owner@example.com', password: 'owner-password-1' };

export interface Headless {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills this child (by its own pid) if it is still running. */
  kill(): void;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** `node --import tsx src/main/headless.ts` over a data dir, signed in as the owner. */
export async function startHeadless(dataDir: string): Promise<Headless> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/headless.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, CRM_ADMIN_EMAIL: HEADLESS_ADMIN.email, CRM_ADMIN_PASSWORD: HEADLESS_ADMIN.password, CRM_RENDERER_DIR: join(dataDir, 'no-renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /CRM API listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) res(m[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    void exited.then(({ code, signal }) => rej(new Error(`headless server exited early (${code ?? signal}):\n${out}`)));
  });
  const signIn = await fetch(`${url}/api/v1/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(HEADLESS_ADMIN),
  });
  const token = ((await signIn.json()) as { access: string }).access;
  return {
    child,
    url,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    call: async (method, path, body) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

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
    url,
    child,
    output: () => out,
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
