import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIRequestContext, type TestInfo } from '@playwright/test';
import { spawnNode, stopChild, waitForLine } from './processes';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const READY_LINE = /CRM API listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export const ADMIN = { username: 'admin', email: 'admin@example.com', password: 'admin-password-1' };

export interface CrmServer {
  /** `http://127.0.0.1:PORT`, serving the built UI at `/` and the API under `/api/v1`. */
  url: string;
  dataDir: string;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  /** A fresh access token for the bootstrap admin. */
  adminToken(request: APIRequestContext): Promise<string>;
}

/**
 * Starts `src/main/headless.ts` as its own process over a fresh temp data dir, exactly as a
 * user would run it, and resolves once it prints its listening line.
 */
export async function startHeadlessServer(
  opts: { withAdmin?: boolean; seed?: 'S'; dataDir?: string } = {},
): Promise<{ server: CrmServer; stop: () => Promise<void> }> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  if (opts.seed) cpSync(await seededTemplate(opts.seed), dataDir, { recursive: true });
  const adminEnv = opts.withAdmin === false ? {} : { CRM_ADMIN_EMAIL: ADMIN.email, CRM_ADMIN_PASSWORD: ADMIN.password, CRM_ADMIN_USERNAME: ADMIN.username };
  const started = spawnNode(['--import', 'tsx', 'src/main/headless.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...adminEnv },
  });
  const { child, output } = started;

  const stop = async () => {
    await stopChild(child, STOP_TIMEOUT_MS);
    rmSync(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await waitForLine(started, READY_LINE, 'headless server', START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }

  const server: CrmServer = {
    url,
    dataDir,
    output,
    adminToken: async (request) => {
      const res = await request.post(`${url}/api/v1/auth/token/`, { data: { username: ADMIN.username, password: ADMIN.password } });
      expect(res.status(), await res.text()).toBe(200);
      return ((await res.json()) as { access: string }).access;
    },
  };
  return { server, stop };
}

let templates: Map<string, Promise<string>> | undefined;

/**
 * The seeded store is generated once per test run (~10 s for S) and copied for each test
 * that asks for it, so every test still gets a fresh store of its own.
 */
function seededTemplate(tier: 'S'): Promise<string> {
  templates ??= new Map();
  let made = templates.get(tier);
  if (!made) {
    const dir = mkdtempSync(join(tmpdir(), `crm-e2e-seed-${tier}-`));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    made = new Promise<string>((resolveSeed, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--data-dir', dir, '--tier', tier], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => (code === 0 ? resolveSeed(dir) : reject(new Error(`seeding ${tier} failed (${code}):\n${out}`))));
    });
    templates.set(tier, made);
  }
  return made;
}

async function useServer(opts: { seed?: 'S' }, use: (server: CrmServer) => Promise<void>, testInfo: TestInfo): Promise<void> {
  const { server, stop } = await startHeadlessServer(opts);
  try {
    await use(server);
  } finally {
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server-output', { body: server.output(), contentType: 'text/plain' });
    }
    await stop();
  }
}

/**
 * `crm`: a headless server of its own for each test, stopped and its data removed after.
 * `crmS`: the same over a copy of the seeded S dataset (admin / admin-password-1).
 */
export const test = base.extend<{ crm: CrmServer; crmS: CrmServer }>({
  crm: async ({}, use, testInfo) => useServer({}, use, testInfo),
  crmS: async ({}, use, testInfo) => useServer({ seed: 'S' }, use, testInfo),
});

export { expect };
