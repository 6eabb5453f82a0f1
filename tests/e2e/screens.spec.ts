import { expect, test } from './support/headless-server';
import { signIn, snap } from './support/ui';

test('every main screen renders over the seeded S dataset', async ({ page, crmS }) => {
  await signIn(page, crmS.url);
  await snap(page, 's-overview');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');

  await page.getByTestId('nav-leads').click();
  await expect(page.getByTestId('record-row').first()).toBeVisible();
  await snap(page, 's-leads');

  const first = page.getByTestId('record-row').first();
  await first.locator('.title-cell a').click();
  await expect(page.getByTestId('record-detail')).toBeVisible();
  await expect(page.getByTestId('timeline')).not.toContainText('Loading');
  await snap(page, 's-lead-detail', true);

  for (const screen of ['contacts', 'companies', 'opportunities', 'tasks', 'activities']) {
    await page.getByTestId(`nav-${screen}`).click();
    await expect(page.getByTestId('record-table')).toHaveAttribute('data-resource', screen);
    await expect(page.getByTestId('record-row').first()).toBeVisible();
    await snap(page, `s-${screen}`);
  }

  await page.getByTestId('nav-companies').click();
  await page.getByTestId('record-row').first().locator('.title-cell a').click();
  await expect(page.getByTestId('related-contacts')).toBeVisible();
  await snap(page, 's-company-detail', true);

  await page.getByTestId('nav-pipeline').click();
  await expect(page.getByTestId('deal-card').first()).toBeVisible();
  await snap(page, 's-pipeline');

  await page.getByTestId('nav-my-day').click();
  await expect(page.getByText(/open tasks? due|Nothing due today/)).toBeVisible();
  await snap(page, 's-my-day');

  await page.getByTestId('nav-import').click();
  await snap(page, 's-import');

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('profile-form')).toBeVisible();
  await snap(page, 's-settings-profile');
  await page.getByTestId('settings-tab-users').click();
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await snap(page, 's-settings-users');

  await page.getByTestId('nav-leads').click();
  await page.getByTestId('new-record').click();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await snap(page, 's-lead-form');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('record-form')).toBeHidden();

  await page.getByTestId('notifications-bell').click();
  await snap(page, 's-notifications');
});
