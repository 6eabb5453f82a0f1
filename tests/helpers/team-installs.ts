import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/main/app/start-local-server';

/** A headless install (real server on port 0, real SQLite file) speaking its API over HTTP. */
export interface Install {
  server: LocalServer;
  dataDir: string;
  token: string;
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const FAST = { minMs: 50, maxMs: 400 };

/** One JSON call over HTTP (a relay's or an install's API); the body is null when the answer is not JSON. */
export async function httpCall(url: string, method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, body: null };
  }
}

export async function startInstall(
  opts: { admin?: { email: string; password: string; username: string }; dataDir?: string; docRewriteDelayMs?: number } = {},
): Promise<Install> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crm-install-'));
  const server = await startLocalServer({ dataDir, port: 0, admin: opts.admin, syncBackoff: FAST, docRewriteDelayMs: opts.docRewriteDelayMs });
  const install: Install = {
    server,
    dataDir,
    token: '',
    api: (method, path, body) => httpCall(server.url, method, path, body, install.token || null),
    stop: async () => {
      await server.close();
    },
  };
  if (opts.admin) {
    const res = await httpCall(server.url, 'POST', '/api/v1/auth/token/', { username: opts.admin.username, password: opts.admin.password });
    install.token = res.body.access;
  }
  return install;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  return last;
}
