import type { Page } from '@playwright/test';
import { expect } from './headless-server';

/** Records, in the page, when the first list row is put in the DOM (no test round trip in the figure). */
export async function watchFirstRow(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRowAt?: number };
    new MutationObserver((_m, observer) => {
      if (document.querySelector('[data-testid="record-row"]')) {
        w.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1048576;
}

export async function firstLoad(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.reload();
  await expect(page.getByTestId('record-row').first()).toBeVisible();
  return page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt);
}
