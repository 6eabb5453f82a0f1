import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

interface Page0 {
  count: number;
  results: { id: string }[];
}

test('custom fields as list columns and filters; the column choice is kept for the person, not the computer', async ({ page, browser, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/custom-fields/', {
    name: 'region',
    label: 'Sales region',
    field_type: 'select',
    content_type: 'lead',
    is_filterable: true,
    options: [
      { value: 'emea', label: 'Europe & Africa' },
      { value: 'apac', label: 'Asia Pacific' },
    ],
  });
  await api.post('/custom-fields/', { name: 'fleet_size', label: 'Fleet size', field_type: 'number', content_type: 'lead', is_filterable: true });
  for (const [email, region, fleet] of [
    ['a@fleet.example', 'emea', 40],
    ['b@fleet.example', 'apac', 12],
    ['c@fleet.example', 'emea', 7],
  ] as const) {
    await api.post('/leads/', { email, last_name: email.slice(0, 1).toUpperCase(), custom_fields: { region, fleet_size: fleet } });
  }

  await signIn(page, crm.url, '#/leads');
  await expect(page.getByTestId('record-row')).toHaveCount(3);
  await page.getByTestId('column-picker').click();
  await expect(page.getByTestId('column-list')).toContainText('Custom fields');
  await page.getByTestId('column-custom_fields.region').check();
  await page.getByTestId('column-custom_fields.fleet_size').check();
  // A chosen column can move: the fleet size goes left of the region.
  await page.getByTestId('column-left-custom_fields.fleet_size').click();
  await snap(page, 'list-columns-picker');
  await page.keyboard.press('Escape');

  // Select values show their labels, not their stored values.
  const row = page.locator('[data-testid="record-row"]', { hasText: 'b@fleet.example' });
  await expect(row).toContainText('Asia Pacific');
  await expect(row).not.toContainText('apac');
  await expect(page.getByTestId('sort-custom_fields.fleet_size')).toBeVisible();

  // Sort by a custom column: the API orders by it.
  await page.getByTestId('sort-custom_fields.fleet_size').click();
  await expect(page.getByTestId('api-url')).toContainText('ordering=cf_fleet_size');
  await expect(page.getByTestId('record-row').first()).toContainText('c@fleet.example');

  // Filter by a custom field, choosing the option by its label.
  await page.getByTestId('add-filter').click();
  await page.getByTestId('filter-field').selectOption('cf_region');
  await page.getByTestId('filter-value').selectOption({ label: 'Europe & Africa' });
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('filter-chip')).toContainText('Sales region is Europe & Africa');
  await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', '2');
  const filtered = await api.get<Page0>('/leads/?cf_region=emea');
  expect(filtered.count).toBe(2);
  await snap(page, 'list-columns-custom-filter');

  // Widen the region column by dragging its header's grip.
  const regionHeader = page.locator('[role="columnheader"]', { has: page.getByTestId('sort-custom_fields.region') });
  const before = (await regionHeader.boundingBox())!;
  const grip = (await regionHeader.locator('.column-resizer').boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 + 60, grip.y + grip.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await regionHeader.boundingBox())!.width)).toBe(Math.round(before.width) + 60);

  // Kept by the API for this person (the UI saves the width after the drag, on its own request).
  const kept = () => api.get<{ columns: string[]; widths: Record<string, number> }>('/preferences/list-columns/lead/');
  await expect.poll(async () => (await kept()).widths['custom_fields.region']).toBe(Math.round(before.width) + 60);
  expect((await kept()).columns.slice(-2)).toEqual(['custom_fields.fleet_size', 'custom_fields.region']);

  // Reload without the columns in the link and without this computer's copy: still there.
  await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('fieldcrm.columns'))
      .forEach((k) => localStorage.removeItem(k)),
  );
  await page.goto(`${crm.url}/#/overview`);
  await page.reload();
  await page.goto(`${crm.url}/#/leads`);
  await expect(page.getByTestId('sort-custom_fields.region')).toBeVisible();
  await expect(page.getByTestId('sort-custom_fields.fleet_size')).toBeVisible();
  await expect.poll(async () => Math.round((await regionHeader.boundingBox())!.width)).toBe(Math.round(before.width) + 60);

  // Another browser (another device of the same person) gets the same columns.
  const other = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(other, crm.url, '#/leads');
  await expect(other.getByTestId('sort-custom_fields.region')).toBeVisible();
  await other.context().close();
});

test('a custom field hidden from a role is never offered to it as a column or a filter', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/custom-fields/', {
    name: 'margin',
    label: 'Margin',
    field_type: 'decimal',
    content_type: 'lead',
    is_filterable: true,
    visible_to_roles: ['manager'],
  });
  await api.post('/custom-fields/', { name: 'source_detail', label: 'Source detail', field_type: 'text', content_type: 'lead', is_filterable: true });
  await api.post('/users/', { username: 'rita', email: 'rita@example.com', password: 'rita-password-1', role: 'sales_rep' });
  await api.post('/leads/', { email: 'hidden@margin.example', custom_fields: { margin: 12.5, source_detail: 'fair' } });

  await page.goto(`${crm.url}/#/leads`);
  await page.getByTestId('signin-username').fill('rita');
  await page.getByTestId('signin-password').fill('rita-password-1');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await page.getByTestId('column-picker').click();
  await expect(page.getByTestId('column-custom_fields.source_detail')).toBeVisible();
  await expect(page.getByTestId('column-custom_fields.margin')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.getByTestId('add-filter').click();
  const options = await page.getByTestId('filter-field').locator('option').allTextContents();
  expect(options).toContain('Source detail');
  expect(options).not.toContain('Margin');
  // A link naming the hidden column shows nothing of it.
  await page.goto(`${crm.url}/#/leads?columns=email,custom_fields.margin`);
  await expect(page.getByTestId('sort-email')).toBeVisible();
  await expect(page.getByTestId('sort-custom_fields.margin')).toHaveCount(0);
});
