import type { Page } from '@playwright/test';
import { expect, test, type CrmServer } from './support/headless-server';
import { seriousViolations } from './support/axe';
import { apiAs, signIn, snap } from './support/ui';

// axe-core is injected as a script; the app's CSP (script-src 'self') would refuse it.
test.use({ bypassCSP: true });
// Nine screens, each checked by axe, over the S store (seeded on first use, which can take a minute on a busy machine).
test.describe.configure({ timeout: 240_000 });

/** The main screens, each with what proves it has loaded. */
async function visitMainScreens(page: Page, crm: CrmServer, ids: { lead: string; company: string }, check: (name: string) => Promise<void>) {
  const screens: [string, string, string][] = [
    ['overview', '#/overview', 'greeting'],
    ['leads', '#/leads', 'record-row'],
    ['lead', `#/leads/${ids.lead}`, 'timeline-item'],
    ['company', `#/companies/${ids.company}`, 'timeline-item'],
    ['pipeline', '#/pipeline', 'deal-card'],
    ['my-day', '#/my-day', 'nav-my-day'],
    ['import', '#/import', 'import-model'],
    ['settings', '#/settings', 'profile-form'],
  ];
  for (const [name, hash, ready] of screens) {
    await page.goto(`${crm.url}/${hash}`);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    // Widgets and panels load after the page: check them loaded, not their placeholders.
    await expect(page.getByText(/^Loading/)).toHaveCount(0, { timeout: 30_000 });
    await check(name);
  }
  await page.goto(`${crm.url}/#/leads/${ids.lead}`);
  await page.getByTestId('edit-record').click();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await check('lead-edit-dialog');
}

for (const scheme of ['light', 'dark'] as const) {
  test(`main screens have no serious accessibility violations (${scheme} theme)`, async ({ page, request, crmS }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const api = apiAs(request, crmS.url, await crmS.adminToken(request));
    const lead = (await api.get<{ results: { id: string }[] }>('/leads/?page_size=1')).results[0]!.id;
    const company = (await api.get<{ results: { id: string }[] }>('/companies/?page_size=1')).results[0]!.id;
    await signIn(page, crmS.url);
    const found: string[] = [];
    await visitMainScreens(page, crmS, { lead, company }, async (name) => {
      if (scheme === 'dark') await snap(page, `dark-${name}`);
      for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
    });
    expect(found, found.join('\n')).toEqual([]);
  });
}

test('keyboard focus is visible on the sidebar, buttons and pipeline cards', async ({ page, crmS }) => {
  await signIn(page, crmS.url, '#/pipeline');
  await expect(page.getByTestId('deal-card').first()).toBeVisible();
  const ring = async (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => {
        (el as HTMLElement).focus();
        const s = getComputedStyle(el);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      });
  // Focus that came from the keyboard (focus-visible): press Tab once so the page is in keyboard mode.
  await page.keyboard.press('Tab');
  expect(await ring('[data-testid="nav-leads"]')).toBe(true);
  expect(await ring('[data-testid="deal-card"]')).toBe(true);
  await page.locator('[data-testid="deal-card"]').first().focus();
  await snap(page, 'focus-deal-card');
});
