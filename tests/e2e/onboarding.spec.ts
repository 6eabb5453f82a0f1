import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, startHeadlessServer, test } from './support/headless-server';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

test('a new install asks for its owner profile, then opens the app', async ({ page, request }) => {
  const { server, stop } = await startHeadlessServer({ withAdmin: false });
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('setup-form')).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-empty.png'), fullPage: true });

    await page.getByLabel('Username').fill('maria');
    await page.getByLabel('Email').fill('maria@example.com');
    await page.getByLabel('Password (8 characters or more)').fill('short');
    await page.getByLabel('Repeat password').fill('short');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('field-error-password')).toContainText('too short');
    await expect(page.getByTestId('setup-error')).toHaveCount(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-error.png'), fullPage: true });

    await page.getByLabel('Password (8 characters or more)').fill('field-sales-2026');
    // The message goes as soon as the value changes.
    await expect(page.getByTestId('field-error-password')).toHaveCount(0);
    await page.getByLabel('Repeat password').fill('field-sales-2026');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('nav-leads')).toBeVisible();
    await expect(page.getByTestId('greeting')).toHaveText('Welcome, maria');
    // No team relay is set up: nothing about pending changes.
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');
    await expect(page.getByTestId('pending-changes')).toHaveCount(0);

    const status = await request.get(`${server.url}/api/v1/auth/setup/`);
    expect(await status.json()).toEqual({ needs_setup: false });
    const again = await request.post(`${server.url}/api/v1/auth/setup/`, {
      data: { username: 'intruder', email: 'i@example.com', password: 'intruder-pass-1' },
    });
    expect(again.status()).toBe(409);
  } finally {
    await stop();
  }
});
