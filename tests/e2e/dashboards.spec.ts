import type { Page } from '@playwright/test';
import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

/** The spec's 12 widget types (section 4). */
const WIDGET_TYPES = ['metric_card', 'line_chart', 'bar_chart', 'pie_chart', 'table', 'funnel', 'goal', 'leaderboard', 'timeline', 'heatmap', 'map', 'list'];

/** Page errors (uncaught exceptions) and failed widget reads, collected for the whole test. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/v1/widgets/')) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

async function allWidgetsLoaded(page: Page) {
  await expect(page.getByTestId('widget').first()).toBeVisible();
  await expect(page.locator('.widget-loading')).toHaveCount(0);
}

test('the Overview is the default dashboard: every starter widget renders over the S dataset, at three widths', async ({ page, crmS }) => {
  const errors = watchErrors(page);
  await signIn(page, crmS.url);
  await allWidgetsLoaded(page);
  const types = await page.getByTestId('widget').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget-type')));
  expect(types).toEqual(expect.arrayContaining(['metric_card', 'bar_chart', 'line_chart', 'table', 'list', 'leaderboard', 'timeline']));
  await expect(page.getByTestId('widget-error')).toHaveCount(0);
  await expect(page.getByTestId('metric-value').first()).not.toBeEmpty();
  for (const width of [1440, 1280, 1024]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.waitForTimeout(200);
    await snap(page, `dashboard-${width}`);
    await page.getByTestId('dashboard-grid').screenshot({ path: `tests/e2e/screenshots/dashboard-grid-${width}.png` });
  }
  expect(errors).toEqual([]);
});

test('the starter forecast widget draws its line inside the P10-P90 band over the S dataset', async ({ page, crmS }) => {
  const errors = watchErrors(page);
  await signIn(page, crmS.url);
  await allWidgetsLoaded(page);
  const forecast = page.locator('[data-testid="widget"][data-widget-type="line_chart"][aria-label="Forecast"]');
  await expect(forecast).toBeVisible();
  await expect(forecast.getByTestId('widget-error')).toHaveCount(0);
  await expect(forecast.locator('.widget-empty')).toHaveCount(0);
  const canvas = forecast.locator('canvas');
  await expect(canvas).toBeVisible();
  // Something was painted: the band and the line cover a good share of the plot.
  const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
    return n / (c.width * c.height);
  });
  expect(painted).toBeGreaterThan(0.05);
  await forecast.screenshot({ path: 'tests/e2e/screenshots/dashboard-forecast-widget.png' });
  expect(errors).toEqual([]);
});

test('drag one widget and resize another; after a reload the layout stayed', async ({ page, crm, request }) => {
  const errors = watchErrors(page);
  await signIn(page, crm.url);
  await allWidgetsLoaded(page);
  await page.getByTestId('edit-dashboard').click();
  const items = page.locator('.grid-stack-item');
  const first = items.nth(0);
  const firstId = await first.getAttribute('gs-id');
  const secondId = await items.nth(1).getAttribute('gs-id');
  // Drag the first metric card by its title to the right end of its row.
  const box = (await first.locator('.widget-header').boundingBox())!;
  const grid = (await page.getByTestId('dashboard-grid').boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + 14, { steps: 4 });
  await page.mouse.move(grid.x + grid.width - box.width / 2, box.y + grid.height / 3, { steps: 12 });
  await page.mouse.up();
  // Resize the second one from its lower right corner: one row taller.
  const second = page.locator(`.grid-stack-item[gs-id="${secondId}"]`);
  // Resize handles show while the pointer is over the item.
  await second.hover();
  const handle = second.locator('.ui-resizable-se');
  await expect(handle).toBeVisible();
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + hb.width / 2 + 10, hb.y + 60, { steps: 4 });
  await page.mouse.move(hb.x + hb.width / 2 + 10, hb.y + 120, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('edit-dashboard').click();

  const api = apiAs(request, crm.url, await crm.adminToken(request));
  let saved: { widgets: { widget_id: string; row: number; column: number; height: number }[] } | undefined;
  await expect(async () => {
    saved = await api.get('/dashboards/default/');
    const moved = saved!.widgets.find((w) => w.widget_id === firstId)!;
    const resized = saved!.widgets.find((w) => w.widget_id === secondId)!;
    expect(moved.row > 0 || moved.column > 0).toBe(true);
    expect(resized.height).toBeGreaterThan(2);
  }).toPass();

  await page.reload();
  await allWidgetsLoaded(page);
  for (const w of saved!.widgets) {
    const el = page.locator(`.grid-stack-item[gs-id="${w.widget_id}"]`);
    await expect(el).toHaveAttribute('gs-y', String(w.row));
    await expect(el).toHaveAttribute('gs-x', String(w.column));
  }
  await snap(page, 'dashboard-after-drag');
  expect(errors).toEqual([]);
});

test('adds one widget of each of the 12 types through the Add widget dialog', async ({ page, crmS }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await signIn(page, crmS.url);
  await allWidgetsLoaded(page);
  await page.getByTestId('edit-dashboard').click();
  for (const type of WIDGET_TYPES) {
    const before = await page.locator(`[data-testid="widget"][data-widget-type="${type}"]`).count();
    await page.getByTestId('add-widget').click();
    const dialog = page.getByTestId('add-widget-dialog');
    await dialog.getByTestId(`type-${type}`).click();
    const preview = dialog.getByTestId('widget-preview');
    await expect(preview.locator('.widget-loading')).toHaveCount(0);
    await expect(preview.locator('.widget-error')).toHaveCount(0);
    if (type === 'map') await snap(page, 'add-widget-map-preview');
    await dialog.getByTestId('add-widget-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(page.locator(`[data-testid="widget"][data-widget-type="${type}"]`)).toHaveCount(before + 1);
  }
  await page.getByTestId('edit-dashboard').click();
  await allWidgetsLoaded(page);
  await expect(page.getByTestId('widget-error')).toHaveCount(0);
  for (const type of WIDGET_TYPES) {
    await page
      .locator(`.grid-stack-item:has([data-widget-type="${type}"])`)
      .last()
      .screenshot({ path: `tests/e2e/screenshots/widget-${type}.png` });
  }
  expect(errors).toEqual([]);
});

test('widgets refresh live when records change, and a failing widget shows its error in place', async ({ page, crm, request }) => {
  const errors = watchErrors(page);
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const field = await api.post<{ id: string }>('/custom-fields/', {
    name: 'region',
    label: 'Region',
    field_type: 'text',
    content_type: 'opportunity',
    is_filterable: true,
  });
  const broken = await api.post<{ id: string }>('/widgets/', {
    name: 'North deals',
    widget_type: 'metric_card',
    data_source: 'records_aggregate',
    query_params: { entity: 'opportunity', filters: { cf_region: 'north' } },
  });
  const dashboard = await api.get<{ id: string }>('/dashboards/default/');
  await api.post(`/dashboards/${dashboard.id}/add_widget/`, { widget_id: broken.id, width: 3, height: 2 }, 200);
  // The field the widget filters on goes away: the widget can no longer read.
  const deleted = await request.delete(`${crm.url}/api/v1/custom-fields/${field.id}/`, {
    headers: { authorization: `Bearer ${await crm.adminToken(request)}` },
  });
  expect(deleted.status()).toBe(204);

  await signIn(page, crm.url);
  await allWidgetsLoaded(page);
  const failing = page.locator(`[data-widget-id="${broken.id}"]`);
  await expect(failing.getByTestId('widget-error')).toContainText('cf_region');
  await expect(page.getByTestId('widget-error')).toHaveCount(1);

  const won = page.locator('[data-testid="widget"][aria-label="Won this month"]');
  await expect(won.getByTestId('metric-value')).toHaveText('$0');
  const contact = await api.post<{ id: string }>('/contacts/', { last_name: 'Live', email: 'live@x.test' });
  const today = new Date().toISOString().slice(0, 10);
  await api.post('/opportunities/', { name: 'Live deal', contact: contact.id, amount: 5000, close_date: today, stage: 'closed_won' });
  await expect(won.getByTestId('metric-value')).toHaveText('$5,000');
  await snap(page, 'dashboard-live-and-error');
  expect(errors.filter((e) => !e.includes(broken.id))).toEqual([]);
});
