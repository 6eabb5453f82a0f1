import { expect, test } from './support/headless-server';
import { signIn } from './support/ui';
import { firstLoad, heapMb, watchFirstRow } from './support/page-figures';

test('figures: first load of the leads list (S), renderer heap', async ({ page, crmS }, testInfo) => {
  await watchFirstRow(page);
  await signIn(page, crmS.url);
  const loads: number[] = [];
  for (let i = 0; i < 3; i += 1) loads.push(await firstLoad(page, `${crmS.url}/#/leads`));
  // Scroll the 10k activities to the end and back: every page is fetched, the DOM stays small.
  await page.goto(`${crmS.url}/#/activities`);
  await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', '10000');
  const table = page.getByTestId('record-table');
  for (let top = 0; top <= 400_000; top += 20_000) {
    await table.evaluate((el, t) => el.scrollTo({ top: t }), top);
    await page.waitForTimeout(30);
  }
  await expect(page.locator('[data-testid="record-row"][aria-rowindex="10001"]')).toBeVisible();
  const heap = await heapMb(page);
  const figures = { first_load_ms: loads.map(Math.round), heap_after_10k_scroll_mb: Math.round(heap * 10) / 10 };
  console.log('S figures', JSON.stringify(figures));
  await testInfo.attach('figures', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  expect(Math.min(...loads)).toBeLessThan(3000);
});
