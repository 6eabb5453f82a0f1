import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

type Page0 = { count: number; results: { id: string }[] };

async function addFilter(page: Page, field: string, lookup: string, value: string) {
  await page.getByTestId('add-filter').click();
  await page.getByTestId('filter-field').selectOption(field);
  await page.getByTestId('filter-lookup').selectOption(lookup);
  const input = page.getByTestId('filter-value');
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
  await page.getByTestId('filter-apply').click();
}

test('filter, search, sort, scroll and bulk-edit the seeded S dataset', async ({ page, request, crmS }) => {
  const api = apiAs(request, crmS.url, await crmS.adminToken(request));
  await signIn(page, crmS.url, '#/leads');
  const count = page.getByTestId('row-count');
  const apiUrl = page.getByTestId('api-url');
  await expect(count).toHaveAttribute('data-count', '500');

  // Virtualised: 500 rows, a few dozen in the DOM; scrolling to the end fetches the last page.
  expect(await page.getByTestId('record-row').count()).toBeLessThan(80);
  await page.getByTestId('record-table').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator('[data-testid="record-row"][aria-rowindex="501"]')).toBeVisible();
  expect(await page.getByTestId('record-row').count()).toBeLessThan(80);

  // A filter is one query parameter, shown in the URL under the table and honoured by the API.
  await addFilter(page, 'status', '', 'qualified');
  await expect(apiUrl).toContainText('status=qualified');
  const qualified = await api.get<Page0>('/leads/?status=qualified');
  await expect(count).toHaveAttribute('data-count', String(qualified.count));
  await expect(page.getByTestId('filter-chip')).toContainText('Status is qualified');

  await addFilter(page, 'lead_score', 'gte', '50');
  await expect(apiUrl).toContainText('lead_score__gte=50');
  const scored = await api.get<Page0>('/leads/?status=qualified&lead_score__gte=50');
  await expect(count).toHaveAttribute('data-count', String(scored.count));
  await snap(page, 'leads-filtered');

  // The URL under the table is the real query.
  const shown = await request.get((await apiUrl.textContent()) ?? '', { headers: { authorization: `Bearer ${await crmS.adminToken(request)}` } });
  expect(((await shown.json()) as Page0).count).toBe(scored.count);

  // Search and sort on top of the filters.
  await page.getByTestId('search-input').fill('summit');
  const searched = await api.get<Page0>('/leads/?status=qualified&lead_score__gte=50&search=summit');
  await expect(count).toHaveAttribute('data-count', String(searched.count));
  await page.getByTestId('search-input').fill('');
  await page.getByTestId('sort-lead_score').click();
  await expect(apiUrl).toContainText('ordering=lead_score');
  const lowest = await api.get<Page0>('/leads/?status=qualified&lead_score__gte=50&ordering=lead_score&page_size=1');
  await expect(page.getByTestId('record-row').first()).toHaveAttribute('data-id', lowest.results[0]?.id ?? '');

  // Column choice is part of the view.
  await page.getByTestId('column-picker').click();
  await page.getByTestId('column-job_title').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sort-job_title')).toBeVisible();
  await expect(page).toHaveURL(/columns=.*job_title/);

  // Bulk edit two rows, then delete and restore them.
  const rows = page.getByTestId('record-row');
  const ids = [await rows.nth(0).getAttribute('data-id'), await rows.nth(1).getAttribute('data-id')] as string[];
  await rows.nth(0).getByTestId('row-select').check();
  await rows.nth(1).getByTestId('row-select').check();
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
  await page.getByTestId('bulk-edit').click();
  await page.getByTestId('bulk-field').selectOption('priority');
  await page.getByTestId('bulk-edit-dialog').getByTestId('input-priority').selectOption('urgent');
  await snap(page, 'leads-bulk-edit');
  await page.getByTestId('bulk-apply').click();
  await expect.poll(async () => (await api.get<{ priority: string }>(`/leads/${ids[0]}/`)).priority).toBe('urgent');
  expect((await api.get<{ priority: string }>(`/leads/${ids[1]}/`)).priority).toBe('urgent');

  for (const id of ids) await page.locator(`[data-testid="record-row"][data-id="${id}"]`).getByTestId('row-select').check();
  await page.getByTestId('bulk-delete').click();
  await expect(page.locator(`[data-testid="record-row"][data-id="${ids[0]}"]`)).toHaveCount(0);
  await page.getByTestId('show-deleted').check();
  await expect(apiUrl).toContainText('deleted_at__isnull=false');
  await expect(page.locator(`[data-testid="record-row"][data-id="${ids[0]}"]`)).toBeVisible();
  await snap(page, 'leads-deleted');
  await page.getByTestId('select-all').check();
  await page.getByTestId('bulk-restore').click();
  await expect(page.getByTestId('list-empty')).toBeVisible();
  await expect.poll(async () => (await api.get<{ deleted_at: string | null }>(`/leads/${ids[0]}/`)).deleted_at).toBeNull();

  // Opportunities: a money filter.
  await page.goto(`${crmS.url}/#/opportunities`);
  await addFilter(page, 'amount', 'gte', '50000');
  await expect(apiUrl).toContainText('amount__gte=50000');
  const big = await api.get<Page0>('/opportunities/?amount__gte=50000');
  await expect(count).toHaveAttribute('data-count', String(big.count));
  await snap(page, 'opportunities-filtered');
});

test('export downloads the current view as CSV', async ({ page, request, crmS }) => {
  const api = apiAs(request, crmS.url, await crmS.adminToken(request));
  await signIn(page, crmS.url, '#/companies?size=1-10');
  const expected = await api.get<Page0>('/companies/?size=1-10');
  await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', String(expected.count));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toContain('name');
  expect(lines[0]).toContain('industry');
  expect(lines).toHaveLength(expected.count + 1);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});

test('saved views keep a filtered, column-chosen list under a name', async ({ page, crmS }) => {
  await signIn(page, crmS.url, '#/leads?status=new&columns=email,status,lead_score');
  await expect(page.getByTestId('filter-chip')).toContainText('Status is new');
  await page.getByTestId('saved-views').click();
  await page.getByTestId('save-view').click();
  await page.getByTestId('view-name').fill('New leads to call');
  await page.getByTestId('view-name').press('Enter');
  await expect(page.getByTestId('toast')).toContainText('saved');

  await page.getByTestId('nav-leads').click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await page.getByTestId('saved-views').click();
  await page.getByTestId('saved-view').filter({ hasText: 'New leads to call' }).click();
  await expect(page.getByTestId('filter-chip')).toContainText('Status is new');
  await expect(page.getByTestId('sort-lead_score')).toBeVisible();
  await expect(page.getByTestId('sort-company_name')).toHaveCount(0);
});
