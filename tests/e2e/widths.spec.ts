import type { Page } from '@playwright/test';
import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

const WIDTHS = [1440, 1280, 1024];

/** Elements whose content is wider than their box (clipped or cut with an ellipsis). */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`),
    );
}

test('company page and lists fit at 1440, 1280 and 1024 wide', async ({ page, request, crmS }) => {
  // The company with the most deals, so every related list is full and shows "View all".
  const api = apiAs(request, crmS.url, await crmS.adminToken(request));
  const deals = await api.get<{ results: { company: { id: string } | null }[] }>('/opportunities/?page_size=100');
  const counts = new Map<string, number>();
  for (const d of deals.results) if (d.company) counts.set(d.company.id, (counts.get(d.company.id) ?? 0) + 1);
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  await signIn(page, crmS.url, `#/companies/${busiest}`);
  await expect(page.getByTestId('related-contacts')).toBeVisible();
  const company = page.url();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(company);
    await expect(page.getByTestId('timeline').getByTestId('timeline-item').first()).toBeVisible();
    await snap(page, `company-detail-${width}`, true);
    expect(await clipped(page, '.detail-side, .detail-side .card, .detail-side .related-list li'), `right column at ${width}`).toEqual([]);
  }
  for (const screen of ['opportunities', 'activities', 'tasks']) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${crmS.url}/#/${screen}`);
      await expect(page.getByTestId('record-row').first()).toBeVisible();
      await snap(page, `list-${screen}-${width}`);
      expect(
        await clipped(page, '[data-testid="record-table"] [role="columnheader"] .sort-label, [data-testid="record-table"] [role="columnheader"]'),
        `${screen} headers at ${width}`,
      ).toEqual([]);
    }
  }
});

test('"View all" from a company filters by the company, and the chip names it', async ({ page, request, crmS }) => {
  const api = apiAs(request, crmS.url, await crmS.adminToken(request));
  const company = (await api.get<{ results: { id: string; name: string }[] }>('/companies/?page_size=1')).results[0]!;
  await signIn(page, crmS.url, `#/contacts?company=${company.id}`);
  await expect(page.getByTestId('filter-chip')).toContainText(`Company is ${company.name}`);
  await expect(page.getByTestId('filter-chip')).not.toContainText(company.id);
});
