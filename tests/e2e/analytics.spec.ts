import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('the analytics screen charts the seeded S history and follows its filters', async ({ page, crmS, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, crmS.url);
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('forecast-chart')).toBeVisible();
  await expect(page.getByTestId('forecast-based-on')).toContainText(/Based on \d+ closed deals/);
  await expect(page.getByTestId('forecast-backtest')).toContainText('Backtest');
  await expect(page.getByTestId('funnel-chart')).toBeVisible();
  await expect(page.getByTestId('funnel-bottleneck')).toBeVisible();
  await expect(page.getByTestId('cohort-table').locator('tbody tr')).toHaveCount(12);
  await expect(page.getByTestId('metrics-chart')).toBeVisible();
  await snap(page, 's-analytics');
  // The content scrolls inside the shell: a tall window shows every panel in one picture.
  await page.setViewportSize({ width: 1280, height: 2600 });
  await snap(page, 's-analytics-all');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The screen shows what the API answers: the same request a script would make.
  const token = await crmS.adminToken(request);
  const urls = await page.getByTestId('api-url').allTextContents();
  const metricsUrl = urls.find((u) => u.includes('/analytics/metrics/'))!;
  const answer = await apiAs(request, crmS.url, token).get<{ metrics: { revenue_won: { value: number } } }>(metricsUrl.replace(`${crmS.url}/api/v1`, ''));
  const shown = await page.getByTestId('metric-revenue_won').locator('.metric-value').textContent();
  expect(shown).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(answer.metrics.revenue_won.value));

  // A narrow range with nothing in it says what is missing instead of drawing empty axes.
  await page.getByTestId('analytics-start').fill('2001-01-01');
  await page.getByTestId('analytics-end').fill('2001-01-31');
  await expect(page.getByTestId('funnel-panel')).toContainText('No leads or deals in this range');
  await expect(page.getByTestId('api-url').filter({ hasText: 'funnel' })).toContainText('start_date=2001-01-01');

  await page.getByTestId('metric-picker').selectOption('win_rate');
  await expect(page.getByTestId('metrics-panel')).toContainText('No win rate in this range');
  await page.setViewportSize({ width: 1280, height: 2000 });
  await snap(page, 's-analytics-empty-range');
});

test('a new install says what data the analytics are missing', async ({ page, crm }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, crm.url);
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('forecast-panel')).toContainText('Nothing to forecast yet');
  await expect(page.getByTestId('cohort-panel')).toContainText('No cohorts yet');
  await page.setViewportSize({ width: 1280, height: 2000 });
  await snap(page, 'analytics-empty');
});
