import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN, expect, test } from './support/headless-server';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function createLead(request: APIRequestContext, url: string, token: string, lead: Record<string, unknown>) {
  const res = await request.post(`${url}/api/v1/leads/`, { data: lead, headers: { authorization: `Bearer ${token}` } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

/** A plain page on another port of 127.0.0.1: a different origin for the browser. */
async function startForeignSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title><p>Another site</p>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

interface SeenRequest {
  url?: string;
  origin?: string;
  status?: number;
}

/**
 * What went over the wire, from the browser's network layer: the page itself cannot read a
 * cross-origin answer (the server sends CORP same-origin), and Playwright does not report
 * a response the browser then blocked.
 */
async function watchNetwork(page: Page): Promise<() => SeenRequest[]> {
  const byId = new Map<string, SeenRequest>();
  const entry = (id: string): SeenRequest => {
    let seen = byId.get(id);
    if (!seen) byId.set(id, (seen = {}));
    return seen;
  };
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => void (entry(e.requestId).url = e.request.url));
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => void (entry(e.requestId).origin = e.headers.origin ?? e.headers.Origin));
  cdp.on('Network.responseReceivedExtraInfo', (e) => void (entry(e.requestId).status = e.statusCode));
  await cdp.send('Network.enable');
  return () => [...byId.values()];
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await page.getByTestId('signin-username').fill(ADMIN.username);
  await page.getByTestId('signin-password').fill(ADMIN.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

test('signs in, lists leads created through the API, searches, and shows the equivalent API query', async ({ page, request, crm }) => {
  const token = await crm.adminToken(request);
  const acme = await createLead(request, crm.url, token, {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@acme.example',
    company_name: 'Acme Analytics',
    status: 'qualified',
    priority: 'high',
    lead_score: 82,
  });
  const globex = await createLead(request, crm.url, token, {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace@globex.example',
    company_name: 'Globex',
    status: 'new',
    priority: 'medium',
    lead_score: 40,
  });

  await page.goto(`${crm.url}/`);
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await snap(page, '01-sign-in');

  // A wrong password is reported, and the user stays on the sign-in screen.
  await page.getByTestId('signin-username').fill(ADMIN.username);
  await page.getByTestId('signin-password').fill('not-the-password');
  await page.getByTestId('signin-submit').click();
  await expect(page.locator('.signin-card [role="alert"], .signin-card .field-error').first()).toBeVisible();
  await snap(page, '02-sign-in-error');

  await page.getByTestId('signin-password').fill(ADMIN.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.username);
  await expect(page.getByTestId('content')).toBeVisible();
  await snap(page, '03-overview');

  await page.getByTestId('nav-leads').click();
  await expect(page).toHaveURL(/#\/leads/);
  const table = page.getByTestId('record-table');
  await expect(table).toHaveAttribute('data-resource', 'leads');
  const rows = page.getByTestId('record-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-testid="record-row"][data-id="${acme.id}"]`)).toContainText('Ada Lovelace');
  await expect(page.locator(`[data-testid="record-row"][data-id="${globex.id}"]`)).toContainText('Grace Hopper');
  await expect(page.getByTestId('row-count')).toHaveAttribute('data-count', '2');
  const apiUrl = page.getByTestId('api-url');
  await expect(apiUrl).toHaveText(`${crm.url}/api/v1/leads/?ordering=-created_at&page=1&page_size=100`);
  await snap(page, '04-leads');

  await page.getByTestId('search-input').fill('acme');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-id', acme.id);
  await expect(page).toHaveURL(/#\/leads\?search=acme/);
  await expect(apiUrl).toHaveText(`${crm.url}/api/v1/leads/?search=acme&ordering=-created_at&page=1&page_size=100`);
  await snap(page, '05-leads-search');

  // The URL bar is the real query: fetching it returns what the screen shows.
  const shown = await request.get((await apiUrl.textContent()) ?? '', { headers: { authorization: `Bearer ${token}` } });
  expect(shown.status()).toBe(200);
  const body = (await shown.json()) as { count: number; results: { id: string }[] };
  expect(body.count).toBe(1);
  expect(body.results.map((r) => r.id)).toEqual([acme.id]);

  // Sorting by a column is reflected in the query too.
  await page.getByTestId('search-input').fill('');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('sort-lead_score').click();
  await expect(apiUrl).toHaveText(`${crm.url}/api/v1/leads/?ordering=lead_score&page=1&page_size=100`);
  await expect(rows.first()).toHaveAttribute('data-id', globex.id);
  await snap(page, '06-leads-sorted');
});

test('a reload keeps the session and the list view from the URL', async ({ page, request, crm }) => {
  const token = await crm.adminToken(request);
  await createLead(request, crm.url, token, { first_name: 'Linus', last_name: 'Field', email: 'linus@initech.example', company_name: 'Initech' });
  await signIn(page, crm.url);
  await page.goto(`${crm.url}/#/leads?search=initech`);
  await page.reload();
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await expect(page.getByTestId('search-input')).toHaveValue('initech');
});

test('requests from a foreign Origin are refused with 403', async ({ page, request, crm }) => {
  const token = await crm.adminToken(request);
  const auth = { authorization: `Bearer ${token}` };

  const read = await request.get(`${crm.url}/api/v1/leads/`, { headers: { ...auth, origin: 'http://evil.example' } });
  expect(read.status()).toBe(403);
  expect(((await read.json()) as { error: { code: string } }).error.code).toBe('forbidden');

  const write = await request.post(`${crm.url}/api/v1/leads/`, {
    headers: { ...auth, origin: 'http://evil.example' },
    data: { email: 'csrf@evil.example' },
  });
  expect(write.status()).toBe(403);

  // DNS rebinding: a foreign name that resolves to 127.0.0.1 still arrives with its own Host.
  const rebound = await request.get(`${crm.url}/api/v1/auth/setup/`, { headers: { host: 'evil.example' } });
  expect(rebound.status()).toBe(403);

  // The same from a real page of another local site (another port is another origin):
  // the browser sends that page's Origin, and the request is refused before any handler runs.
  const foreign = await startForeignSite();
  try {
    await page.goto(foreign.url);
    const seen = await watchNetwork(page);
    const target = `${crm.url}/api/v1/leads/`;
    await page.evaluate(async (url) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"email":"csrf@evil.example"}' }).catch(
        () => undefined,
      );
    }, target);
    await expect.poll(() => seen().find((r) => r.url === target && r.status !== undefined)).toMatchObject({ origin: foreign.url, status: 403 });
  } finally {
    await foreign.close();
  }

  const leads = await request.get(`${crm.url}/api/v1/leads/`, { headers: auth });
  expect(((await leads.json()) as { count: number }).count).toBe(0);

  // The app's own origin is allowed.
  const own = await request.get(`${crm.url}/api/v1/leads/`, { headers: { ...auth, origin: crm.url } });
  expect(own.status()).toBe(200);
});
