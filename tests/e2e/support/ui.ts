import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN, expect } from './headless-server';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Screenshots land in tests/e2e/screenshots/ (gitignored) for a person to look at. */
export async function snap(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function signIn(page: Page, url: string, hash = ''): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await page.getByTestId('signin-username').fill(ADMIN.username);
  await page.getByTestId('signin-password').fill(ADMIN.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** A tiny API client for arranging data and checking results from the test side. */
export function apiAs(request: APIRequestContext, url: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: async <T>(path: string): Promise<T> => {
      const res = await request.get(`${url}/api/v1${path}`, { headers });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as T;
    },
    post: async <T>(path: string, data: unknown, status = 201): Promise<T> => {
      const res = await request.post(`${url}/api/v1${path}`, { headers, data });
      expect(res.status(), await res.text()).toBe(status);
      return (await res.json()) as T;
    },
    patch: async <T>(path: string, data: unknown): Promise<T> => {
      const res = await request.patch(`${url}/api/v1${path}`, { headers, data });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as T;
    },
  };
}
