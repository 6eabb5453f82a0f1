import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, startHeadlessServer, test } from './support/headless-server';
import { apiAs, signIn } from './support/ui';
import { BENCH_WIDGETS } from '../../scripts/bench-dashboard-widgets';
import { firstLoad, heapMb, watchFirstRow } from './support/page-figures';

/**
 * A benchmark, not part of `npm test` (`npm run bench:ui`; store from `CRM_E2E_M_STORE`, default bench-data/M): a copy of the M store, so its data is never
 * touched (a server start can migrate, a sign-in writes last_login).
 */
test('figures: filtered list over the M dataset', async ({ page }, testInfo) => {
  const source = process.env.CRM_E2E_M_STORE ?? 'bench-data/M';
  if (!existsSync(resolve(source))) throw new Error(`no M store at ${source}: run npm run seed -- --data-dir ${source} --tier M`);
  test.setTimeout(600_000);
  const copy = mkdtempSync(join(tmpdir(), 'crm-e2e-m-'));
  cpSync(resolve(source ?? ''), copy, { recursive: true });
  const { server, stop } = await startHeadlessServer({ dataDir: copy });
  try {
    await watchFirstRow(page);
    await signIn(page, server.url);
    const loads: number[] = [];
    for (const hash of [
      '#/leads',
      '#/leads?status=qualified&lead_score__gte=50',
      '#/opportunities?stage=proposal&amount__gte=50000',
      '#/contacts?search=smith',
    ]) {
      loads.push(await firstLoad(page, `${server.url}/${hash}`));
    }
    const filter = async () => {
      await page.goto(`${server.url}/#/leads`);
      await expect(page.getByTestId('record-row').first()).toBeVisible();
      const t0 = await page.evaluate(() => performance.now());
      await page.evaluate(() => (window.location.hash = '#/leads?status=qualified&lead_score__gte=50'));
      await expect(page.getByTestId('filter-chip')).toHaveCount(2);
      await page.waitForFunction(() => document.querySelector('[data-testid="row-count"]')?.textContent?.includes('match'));
      return (await page.evaluate(() => performance.now())) - t0;
    };
    const switches = [await filter(), await filter(), await filter()];
    const figures = { page_load_ms: loads.map(Math.round), filter_switch_ms: switches.map(Math.round), heap_mb: Math.round((await heapMb(page)) * 10) / 10 };
    console.log('M figures', JSON.stringify(figures));
    await testInfo.attach('figures', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  } finally {
    await stop();
    rmSync(copy, { recursive: true, force: true });
  }
});

/** The 12-widget dashboard (one widget per type) as the Overview screen over the M store: navigation to every widget drawn. */
test('figures: 12-widget dashboard paint over the M dataset', async ({ page, request }, testInfo) => {
  const source = process.env.CRM_E2E_M_STORE ?? 'bench-data/M';
  if (!existsSync(resolve(source))) throw new Error(`no M store at ${source}: run npm run seed -- --data-dir ${source} --tier M`);
  test.setTimeout(600_000);
  const copy = mkdtempSync(join(tmpdir(), 'crm-e2e-m-'));
  cpSync(resolve(source), copy, { recursive: true });
  const { server, stop } = await startHeadlessServer({ dataDir: copy });
  try {
    const token = await server.adminToken(request);
    const api = apiAs(request, server.url, token);
    const board = await api.post<{ id: string }>('/dashboards/', { name: 'Bench dashboard', is_default: true });
    for (const w of BENCH_WIDGETS) {
      const widget = await api.post<{ id: string }>('/widgets/', { name: w.widget_type, ...w });
      await api.post(`/dashboards/${board.id}/add_widget/`, { widget_id: widget.id }, 200);
    }
    await signIn(page, server.url);
    const paint = async (): Promise<number> => {
      await page.goto(`${server.url}/#/settings`);
      const t0 = await page.evaluate(() => performance.now());
      await page.evaluate(() => (window.location.hash = '#/overview'));
      await expect(page.getByTestId('widget')).toHaveCount(BENCH_WIDGETS.length);
      await page.waitForFunction(() => document.querySelectorAll('.widget-loading').length === 0);
      return (await page.evaluate(() => performance.now())) - t0;
    };
    const paints = [await paint(), await paint(), await paint()];
    await expect(page.getByTestId('widget-error')).toHaveCount(0);
    const figures = { dashboard_paint_ms: paints.map(Math.round), heap_mb: Math.round((await heapMb(page)) * 10) / 10 };
    console.log('M dashboard figures', JSON.stringify(figures));
    await testInfo.attach('figures', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  } finally {
    await stop();
    rmSync(copy, { recursive: true, force: true });
  }
});
