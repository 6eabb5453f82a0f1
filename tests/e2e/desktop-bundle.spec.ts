import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { spawnNode, stopChild, waitForLine } from './support/processes';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STUB = join(ROOT, 'tests', 'e2e', 'support', 'electron-stub.cjs');
const WINDOW_LINE = /\[electron-stub\] window loads (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts the built desktop main process (package.json "main") under Node with the stub in place of Electron. */
async function startDesktop(userData: string): Promise<{ url: string; child: ChildProcess }> {
  const started = spawnNode(['-r', STUB, join(ROOT, 'out', 'main', 'launcher.cjs')], { cwd: ROOT, env: { ...process.env, CRM_STUB_USER_DATA: userData } });
  return { url: await waitForLine(started, WINDOW_LINE, 'the desktop bundle', 30_000), child: started.child };
}

test('the desktop main process bundle starts, serves the app and its API, and starts again from its code cache', async ({ page, request }) => {
  const userData = mkdtempSync(join(tmpdir(), 'crm-desktop-'));
  const cache = join(userData, 'code-cache', 'main.v8cache');
  try {
    const first = await startDesktop(userData);
    expect((await request.get(`${first.url}/api/v1/auth/me/`)).status()).toBe(401);
    await page.goto(first.url);
    // A new install: the first account is made here.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(existsSync(join(userData, 'data', 'crm.sqlite'))).toBe(true);
    // The compiled code is kept a few seconds after start.
    await expect.poll(() => existsSync(cache), { timeout: 10_000 }).toBe(true);
    await stopChild(first.child);

    const written = statSync(cache).mtimeMs;
    const second = await startDesktop(userData);
    expect((await request.get(`${second.url}/api/v1/auth/me/`)).status()).toBe(401);
    // Accepted, so not written again (a rejected cache is replaced after the same few seconds).
    await new Promise((settle) => setTimeout(settle, 4_000));
    expect(statSync(cache).mtimeMs).toBe(written);
    await stopChild(second.child);
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});
