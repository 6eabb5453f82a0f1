import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../src/main/app/start-local-server';
import type { Clock } from '../../src/main/core/clock';

export const ADMIN = { username: 'admin', email: 'admin@example.com', password: 'admin-password-1' };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  server: LocalServer;
  url: string;
  dataDir: string;
  /** Access token of the bootstrap admin. */
  adminToken: string;
  request<T = any>(
    method: string,
    path: string,
    opts?: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  login(username: string, password: string): Promise<string>;
  /** Creates a user with a role through the admin API and returns its access token. */
  userWithRole(role: string, name?: string): Promise<{ id: string; token: string }>;
  stop(): Promise<void>;
}

/** A real headless server on a free port over a real SQLite file in a temp dir. */
export async function startTestServer(opts: { clock?: Clock; dataDir?: string; sessionRecheckMs?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crm-api-'));
  const server = await startLocalServer({
    dataDir,
    port: 0,
    clock: opts.clock,
    sessionRecheckMs: opts.sessionRecheckMs,
    admin: { email: ADMIN.email, password: ADMIN.password, username: ADMIN.username },
  });
  const url = server.url;
  const request: TestServer['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const token = o.token === undefined ? ts.adminToken : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  const login = async (username: string, password: string) => {
    const res = await request('POST', '/api/v1/auth/token/', { body: { username, password }, token: null });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access as string;
  };
  const ts: TestServer = {
    server,
    url,
    dataDir,
    adminToken: '',
    request,
    login,
    userWithRole: async (role, name = role) => {
      const password = `${name}-password-1`;
      const res = await request('POST', '/api/v1/users/', { body: { username: name, email: `${name}@example.com`, password, role } });
      if (res.status !== 201) throw new Error(`user create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, token: await login(name, password) };
    },
    stop: async () => {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  ts.adminToken = await login(ADMIN.username, ADMIN.password);
  return ts;
}
