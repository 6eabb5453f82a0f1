import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('a change made through the API appears in an open list and record page without reload', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const first = await api.post<{ id: string }>('/leads/', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@navy.example' });
  await signIn(page, crm.url, '#/leads');
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');

  const marker = await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Math.random()));
  const created = await api.post<{ id: string }>('/leads/', { first_name: 'Katherine', last_name: 'Johnson', email: 'kj@nasa.example', status: 'contacted' });
  await expect(page.locator(`[data-testid="record-row"][data-id="${created.id}"]`)).toContainText('Katherine Johnson');
  await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', '2');

  await api.patch(`/leads/${first.id}/`, { status: 'qualified' });
  await expect(page.locator(`[data-testid="record-row"][data-id="${first.id}"]`)).toContainText('qualified');
  await snap(page, 'leads-live-update');

  // The open record page follows too.
  await page.locator(`[data-testid="record-row"][data-id="${created.id}"] .title-cell a`).click();
  await expect(page.getByTestId('value-status')).toContainText('contacted');
  await api.patch(`/leads/${created.id}/`, { status: 'lost', job_title: 'Mathematician' });
  await expect(page.getByTestId('value-status')).toContainText('lost');
  await expect(page.getByTestId('value-job_title')).toHaveText('Mathematician');
  // Same document all along: nothing reloaded the page.
  expect(await page.evaluate(() => (window as unknown as { __marker: number }).__marker)).toBe(marker);
});

test('the search palette finds records of every type and opens one with the keyboard', async ({ page, crmS }) => {
  await signIn(page, crmS.url);
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('search-palette');
  await expect(palette).toBeVisible();
  await page.getByTestId('palette-input').fill('summit');
  await expect(palette.getByTestId('palette-hit').first()).toBeVisible();
  await expect(palette.getByTestId('palette-group-companies')).toBeVisible();
  await expect(palette.getByTestId('palette-group-contacts')).toBeVisible();
  await snap(page, 'search-palette');

  await page.keyboard.press('ArrowDown');
  const second = palette.getByTestId('palette-hit').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const title = (await second.locator('.hit-title').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('detail-title')).toHaveText(title);

  // Esc closes it; nothing found says so.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('zzzqqqxxx');
  await expect(page.getByTestId('palette-empty')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
});
