import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN, expect, test } from './support/headless-server';
import { startRelay } from './support/relay';
import { apiAs, signIn, snap } from './support/ui';

const WIDTHS = [1440, 1280, 1024];

/**
 * What does not fit: elements whose content is cut (wider than their box, outside scroll
 * containers meant to scroll sideways), and elements that stick out past the main area.
 */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => {
    const mainEl = document.querySelector('main');
    const main = mainEl?.getBoundingClientRect();
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    /** Inside a box meant to scroll sideways (a wide table), below the main area itself. */
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== mainEl; p = p.parentElement) if (scrolls(p)) return true;
      return false;
    };
    const out: string[] = [];
    for (const el of els as HTMLElement[]) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      if (inScroller(el)) continue;
      const name = `${el.tagName.toLowerCase()}.${el.className || '-'} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      // A text input scrolls its own text; what matters there is its box.
      const field = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
      if (!field && !scrolls(el) && el.scrollWidth > el.clientWidth + 1) out.push(`cut: ${name}`);
      const box = el.getBoundingClientRect();
      if (main && box.right > main.right + 1) out.push(`past the edge by ${Math.round(box.right - main.right)} px: ${name}`);
    }
    return out;
  });
}

test('an entity list with custom columns fits at 1440, 1280 and 1024 wide', async ({ page, request, crmS }) => {
  const api = apiAs(request, crmS.url, await crmS.adminToken(request));
  await api.post('/custom-fields/', {
    name: 'buying_committee',
    label: 'Buying committee size',
    field_type: 'number',
    content_type: 'opportunity',
    is_filterable: true,
  });
  await api.post('/custom-fields/', {
    name: 'competitor',
    label: 'Main competitor',
    field_type: 'select',
    content_type: 'opportunity',
    is_filterable: true,
    options: [
      { value: 'acme', label: 'Acme Industrial Holdings' },
      { value: 'globex', label: 'Globex' },
    ],
  });
  const deals = await api.get<{ results: { id: string }[] }>('/opportunities/?page_size=30');
  for (const [i, d] of deals.results.entries()) {
    await api.patch(`/opportunities/${d.id}/`, { custom_fields: { buying_committee: 3 + (i % 7), competitor: i % 2 ? 'acme' : 'globex' } });
  }
  const put = await request.put(`${crmS.url}/api/v1/preferences/list-columns/opportunity/`, {
    headers: { authorization: `Bearer ${await crmS.adminToken(request)}` },
    data: { columns: ['stage', 'amount', 'custom_fields.competitor', 'custom_fields.buying_committee', 'close_date', 'owner'] },
  });
  expect(put.status()).toBe(200);

  await signIn(page, crmS.url, '#/opportunities?ordering=-updated_at');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.getByTestId('sort-custom_fields.competitor')).toBeVisible();
    await expect(page.getByTestId('record-row').first()).toContainText(/Acme Industrial Holdings|Globex/);
    await snap(page, `custom-columns-opportunities-${width}`);
    expect(
      await overflowing(page, '.page-header, .page-header *, .toolbar, .toolbar *, [role="columnheader"], [role="columnheader"] *'),
      `list at ${width}`,
    ).toEqual([]);
  }
});

test('Settings > Team, connected, fits at 1440, 1280 and 1024 wide', async ({ page, request, crm }) => {
  test.setTimeout(120_000);
  const relayDir = mkdtempSync(join(tmpdir(), 'crm-e2e-relay-'));
  const relay = await startRelay(relayDir);
  try {
    const token = await crm.adminToken(request);
    const created = await request.post(`${crm.url}/api/v1/sync/team/`, {
      headers: { authorization: `Bearer ${token}` },
      data: { relay_url: relay.url, team_name: 'North Sales and Field Operations', email: ADMIN.email, password: ADMIN.password },
    });
    expect(created.status(), await created.text()).toBe(201);
    await signIn(page, crm.url, '#/settings/team');
    await expect(page.getByTestId('team-section')).toHaveAttribute('data-connected', 'true');
    await expect(page.getByTestId('member-row')).toHaveCount(1);
    await page.getByTestId('invite-form').getByLabel('Email').fill('a.very.long.address.for.a.new.member@field-operations.example');
    await page.getByTestId('invite-role').selectOption('sales_rep');
    await page.getByTestId('invite-submit').click();
    await expect(page.getByTestId('invite-code')).toBeVisible();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await snap(page, `team-settings-${width}`, true);
      expect(await overflowing(page, '[data-testid="team-section"], [data-testid="team-section"] *'), `team screen at ${width}`).toEqual([]);
      // A select does not report cut text: its box must hold the longest role name.
      expect((await page.getByTestId('invite-role').boundingBox())?.width, `role select at ${width}`).toBeGreaterThanOrEqual(140);
      // The top bar keeps the person's name and role on one line each.
      for (const line of await page.locator('.user-meta > span').all()) expect((await line.boundingBox())?.height ?? 0, `top bar at ${width}`).toBeLessThan(22);
    }
  } finally {
    await relay.stop();
    rmSync(relayDir, { recursive: true, force: true });
  }
});

test('the Analytics screen fits at 1440, 1280 and 1024 wide', async ({ page, crmS }) => {
  await signIn(page, crmS.url);
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('forecast-chart')).toBeVisible();
  await expect(page.getByTestId('cohort-table').locator('tbody tr').first()).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await snap(page, `analytics-${width}`);
    await page.setViewportSize({ width, height: 2600 });
    await snap(page, `analytics-all-${width}`);
    expect(await overflowing(page, 'main *:not(canvas)'), `analytics at ${width}`).toEqual([]);
  }
});
