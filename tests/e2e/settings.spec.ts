import { expect, test } from './support/headless-server';
import { signIn, snap } from './support/ui';

test('settings: an API token is shown once, works for scripts, and stops working when revoked', async ({ page, request, crm, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: crm.url });
  await signIn(page, crm.url, '#/settings/tokens');
  await expect(page.getByTestId('api-tokens')).toContainText('No tokens yet');

  await page.getByTestId('token-name').fill('Nightly export');
  await page.getByTestId('token-create').click();
  const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
  expect(secret.length).toBeGreaterThan(20);
  await page.getByTestId('token-copy').click();
  await expect(page.getByTestId('token-copy')).toHaveText(/Copied/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await snap(page, 'settings-token-created');

  const asScript = () => request.get(`${crm.url}/api/v1/leads/`, { headers: { authorization: `Bearer ${secret}` } });
  expect((await asScript()).status()).toBe(200);

  // The secret is not shown again after a reload.
  await page.reload();
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await expect(page.getByTestId('token-row')).not.toContainText(secret);

  await page.getByTestId('token-revoke').click();
  await expect(page.getByTestId('token-row')).toHaveCount(0);
  expect((await asScript()).status()).toBe(401);

  // Profile and password live next door.
  await page.getByTestId('settings-tab-profile').click();
  await page.getByLabel('Department').fill('Field sales');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Profile saved' })).toBeVisible();
  await page.getByTestId('settings-tab-password').click();
  await page.getByLabel('Current password').fill('wrong-password-1');
  await page.getByLabel('New password (8 characters or more)').fill('another-pass-2');
  await page.getByLabel('Repeat new password').fill('another-pass-2');
  await page.getByTestId('password-save').click();
  await expect(page.getByTestId('password-form').locator('.field-error, [role="alert"]').first()).toBeVisible();
  await snap(page, 'settings-password-error');
});
