import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The headless server as a real child process over a real data dir: an acknowledged write
 * (201 received) survives `kill -9`, the store stays intact, and SIGTERM shuts down cleanly.
 */
const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const ADMIN_EMAIL = 'owner@example.com';
const ADMIN_PASSWORD = 'owner-password-1';
const STORE = 'crm.sqlite';

interface Headless {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `node --import tsx src/main/headless.ts` and waits for its listening line. */
async function startHeadless(dataDir: string): Promise<Headless> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/headless.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, CRM_ADMIN_EMAIL: ADMIN_EMAIL, CRM_ADMIN_PASSWORD: ADMIN_PASSWORD, CRM_RENDERER_DIR: join(dataDir, 'no-renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind, whatever the test did (kill by this child's pid only).
  cleanups.unshift(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const url = await new Promise<string>((res, rej) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /CRM API listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) res(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    void exited.then(({ code, signal }) => rej(new Error(`headless server exited early (${code ?? signal}):\n${out}`)));
  });
  return { child, url, output: () => out, exited };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access: string }).access;
}

function api(url: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Asks for the ids in pages of `id__in` filters; returns the ids the server does not have. */
async function missingIds(call: ReturnType<typeof api>, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const res = await call('GET', `/api/v1/leads/?id__in=${chunk.join(',')}&page_size=100`);
    expect(res.status).toBe(200);
    const found = new Set(res.body.results.map((r: { id: string }) => r.id));
    for (const id of chunk) if (!found.has(id)) missing.push(id);
  }
  return missing;
}

function integrityCheck(dataDir: string): string {
  const db = new Database(join(dataDir, STORE), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('headless server crash recovery', () => {
  it('keeps every acknowledged write through kill -9, with an intact store', async () => {
    const dataDir = tempDataDir();
    const first = await startHeadless(dataDir);
    const call = api(first.url, await signIn(first.url));

    const acknowledged: string[] = [];
    const KILL_AFTER = 300;
    let killed = false;
    const writer = async (loop: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await call('POST', '/api/v1/leads/', {
            email: `crash-${loop}-${i}@x.test`,
            first_name: `Loop${loop}`,
            notes: 'n'.repeat(200),
            tags: ['crash'],
          });
          if (res.status === 201) acknowledged.push(res.body.id);
          else throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
        } catch (e) {
          // Once the process is gone, in-flight requests fail: that is the point of the test.
          if (killed) return;
          throw e;
        }
        if (acknowledged.length >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);

    const second = await startHeadless(dataDir);
    const call2 = api(second.url, await signIn(second.url));
    expect(await missingIds(call2, acknowledged)).toEqual([]);
    // Spot-check whole records, not just ids.
    for (const id of [acknowledged[0], acknowledged[Math.floor(acknowledged.length / 2)], acknowledged.at(-1)!]) {
      const res = await call2('GET', `/api/v1/leads/${id}/`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'new', tags: ['crash'] });
      expect(res.body.email).toMatch(/^crash-\d-\d+@x\.test$/);
    }
    const count = await call2('GET', '/api/v1/leads/?tags=crash&page_size=1');
    expect(count.body.count).toBeGreaterThanOrEqual(acknowledged.length);
    // The store accepts writes again.
    expect((await call2('POST', '/api/v1/leads/', { email: 'after-crash@x.test' })).status).toBe(201);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(integrityCheck(dataDir)).toBe('ok');
  });

  it('shuts down cleanly on SIGTERM and serves the data after a restart', async () => {
    const dataDir = tempDataDir();
    const first = await startHeadless(dataDir);
    const call = api(first.url, await signIn(first.url));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/api/v1/companies/', { name: `Term ${i}` });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const updated = await call('PATCH', `/api/v1/companies/${ids[0]}/`, { industry: 'shipping' });
    expect(updated.status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('SIGTERM received, shutting down');
    // A clean close checkpoints the WAL into the store file.
    expect(existsSync(join(dataDir, `${STORE}-wal`))).toBe(false);
    expect(integrityCheck(dataDir)).toBe('ok');

    const second = await startHeadless(dataDir);
    const call2 = api(second.url, await signIn(second.url));
    const list = await call2('GET', '/api/v1/companies/?page_size=100');
    expect(list.body.count).toBe(20);
    expect(new Set(list.body.results.map((c: { id: string }) => c.id))).toEqual(new Set(ids));
    expect((await call2('GET', `/api/v1/companies/${ids[0]}/`)).body.industry).toBe('shipping');
    // The admin was created once, on the first start only.
    const users = await call2('GET', '/api/v1/users/');
    expect(users.body.count).toBe(1);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('shuts down cleanly on SIGTERM even when nobody reads its output any more', async () => {
    const dataDir = tempDataDir();
    const server = await startHeadless(dataDir);
    // The reader of its stdout goes away (a closed log pipe): the shutdown line must not crash it.
    server.child.stdout!.destroy();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, `${STORE}-wal`))).toBe(false);
    expect(integrityCheck(dataDir)).toBe('ok');
  });
});
