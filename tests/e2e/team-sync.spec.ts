import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { ADMIN, expect, startHeadlessServer, test } from './support/headless-server';
import { seriousViolations } from './support/axe';
import { startRelay, type E2eRelay } from './support/relay';
import { apiAs, signIn, snap } from './support/ui';

const VIEWPORT = { width: 1280, height: 800 };
const BOB = { email: 'bob@example.com', password: 'bob-field-sales-1' };

async function pageAt(browser: Browser): Promise<Page> {
  // axe-core is injected as a script, which the app's CSP would refuse.
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  return context.newPage();
}

test.describe('team sync in the browser', () => {
  test.setTimeout(180_000);
  let relay: E2eRelay;
  let relayDir: string;

  test.beforeEach(async () => {
    relayDir = mkdtempSync(join(tmpdir(), 'crm-e2e-relay-'));
    relay = await startRelay(relayDir);
  });

  test.afterEach(async () => {
    await relay.stop();
    rmSync(relayDir, { recursive: true, force: true });
  });

  test('create a team on one install, join from another, and edits flow both ways', async ({ browser, request, crm }) => {
    const api = apiAs(request, crm.url, await crm.adminToken(request));
    const lead = await api.post<{ id: string }>('/leads/', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@navy.example', job_title: 'Admiral' });
    const joiner = await startHeadlessServer({ withAdmin: false });
    try {
      // Install A: no team yet, so the header says nothing about syncing.
      const a = await pageAt(browser);
      await signIn(a, crm.url, '#/settings/team');
      await expect(a.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');
      await expect(a.getByTestId('connect-team-form')).toBeVisible();
      await expect(a.getByTestId('sync-status')).toHaveCount(0);
      await snap(a, 'team-connect-form');
      expect(await seriousViolations(a)).toEqual([]);

      const form = a.getByTestId('connect-team-form');
      await form.getByLabel(/Team relay address/).fill(relay.url);
      await form.getByLabel('Team name').fill('North Sales');
      await form.getByLabel('Relay password (8 characters or more)').fill(ADMIN.password);
      await form.getByTestId('connect-team-submit').click();
      await expect(a.getByTestId('team-section')).toHaveAttribute('data-connected', 'true');
      await expect(a.getByTestId('team-relay')).toHaveText(relay.url);
      await expect(a.getByTestId('team-role')).toHaveText(/admin/i);
      await expect(a.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
      await expect(a.getByTestId('sync-status')).toHaveText('Synced');
      await expect(a.getByTestId('member-row')).toHaveCount(1);

      await a.getByTestId('invite-form').getByLabel('Email').fill(BOB.email);
      await a.getByTestId('invite-role').selectOption('sales_rep');
      await a.getByTestId('invite-submit').click();
      const code = (await a.getByTestId('invite-code').textContent())?.trim() ?? '';
      expect(code.length).toBeGreaterThan(6);
      await snap(a, 'team-settings-connected', true);
      expect(await seriousViolations(a)).toEqual([]);

      // Install B: first run, "Join a team".
      const b = await pageAt(browser);
      await b.goto(joiner.server.url);
      await expect(b.getByTestId('setup-form')).toBeVisible();
      await b.getByTestId('first-run-join').click();
      const join = b.getByTestId('join-form');
      await join.getByLabel('Team relay address').fill(relay.url);
      await join.getByLabel('Invite code').fill(code);
      await join.getByLabel(/^Email/).fill(BOB.email);
      await join.getByLabel(/^Password/).fill(BOB.password);
      await snap(b, 'team-join-screen');
      expect(await seriousViolations(b)).toEqual([]);
      // Hold the status at a bootstrap in progress to see (and picture) the progress screen;
      // the real status takes over when the route is dropped.
      await b.route('**/api/v1/sync/status/', (route) =>
        route.fulfill({
          json: {
            state: 'connected',
            pending: 0,
            last_seq: 0,
            bootstrap: { done: 1200, total: 5000 },
            last_error: null,
            team: { id: 't', name: 'North Sales', role: 'sales_rep', relay_url: relay.url, account_id: 'x' },
          },
        }),
      );
      await join.getByTestId('join-submit').click();
      await expect(b.getByTestId('bootstrap-count')).toHaveText('1,200 of 5,000 records');
      await expect(b.getByTestId('bootstrap-progress')).toHaveAttribute('aria-valuenow', '24');
      await snap(b, 'team-bootstrap-progress');
      await b.unroute('**/api/v1/sync/status/');
      await expect(b.getByTestId('current-user')).toBeVisible({ timeout: 30_000 });
      await expect(b.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });

      // The lead made on A before the team existed is on B.
      await b.goto(`${joiner.server.url}/#/leads/${lead.id}`);
      await expect(b.getByTestId('value-job_title')).toHaveText('Admiral');

      // An edit in window B shows in window A's open record page, without a reload.
      await a.goto(`${crm.url}/#/leads/${lead.id}`);
      await expect(a.getByTestId('value-job_title')).toHaveText('Admiral');
      await b.getByTestId('inline-edit-job_title').click();
      await b.getByTestId('inline-editor-job_title').locator('input').fill('Rear Admiral');
      await b.getByTestId('inline-editor-job_title').locator('input').press('Enter');
      await expect(a.getByTestId('value-job_title')).toHaveText('Rear Admiral', { timeout: 15_000 });

      // And back: an edit in window A shows in window B.
      await a.getByTestId('inline-edit-job_title').click();
      await a.getByTestId('inline-editor-job_title').locator('input').fill('Computer scientist');
      await a.getByTestId('inline-editor-job_title').locator('input').press('Enter');
      await expect(b.getByTestId('value-job_title')).toHaveText('Computer scientist', { timeout: 15_000 });
      await snap(b, 'team-joined-record');

      // The relay goes away: the header says offline and counts what waits.
      const port = Number(new URL(relay.url).port);
      await relay.stop();
      await expect(a.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
      await a.goto(`${crm.url}/#/leads/${lead.id}`);
      await a.getByTestId('inline-edit-job_title').click();
      await a.getByTestId('inline-editor-job_title').locator('input').fill('Written offline');
      await a.getByTestId('inline-editor-job_title').locator('input').press('Enter');
      await expect(a.getByTestId('sync-status')).toHaveText(/Offline \([1-9]\d* waiting\)/);
      await snap(a, 'team-indicator-offline');

      // Back on the same address: the waiting change reaches B.
      relay = await startRelay(relayDir, port);
      await expect(a.getByTestId('sync-status')).toHaveText('Synced', { timeout: 45_000 });
      await expect(b.getByTestId('value-job_title')).toHaveText('Written offline', { timeout: 15_000 });

      // The admin removes B's member: B says why nothing syncs any more.
      await a.goto(`${crm.url}/#/settings/team`);
      await expect(a.getByTestId('member-row')).toHaveCount(2);
      await a.getByTestId('member-row').filter({ hasText: BOB.email }).getByTestId('member-remove').click();
      await a.getByTestId('remove-member-confirm').click();
      await expect(a.getByTestId('member-row')).toHaveCount(1);
      await expect(b.getByTestId('sync-status')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
      await expect(b.getByTestId('sync-status')).toContainText('removed from the team');
      await snap(b, 'team-indicator-error');

      // B's Settings › Team says what stays on the laptop and deletes it after a typed confirmation.
      await b.goto(`${joiner.server.url}/#/settings/team`);
      await expect(b.getByTestId('team-state')).toHaveText('Removed from the team');
      await expect(b.getByTestId('member-row')).toHaveCount(0);
      await b.getByTestId('team-wipe').click();
      await expect(b.getByTestId('wipe-team-confirm')).toBeDisabled();
      await b.getByTestId('wipe-team-input').fill('wipe');
      await snap(b, 'team-wipe-dialog');
      expect(await seriousViolations(b)).toEqual([]);
      await b.getByTestId('wipe-team-confirm').click();
      await expect(b.getByTestId('team-section')).toHaveAttribute('data-connected', 'false', { timeout: 15_000 });
      await expect(b.getByTestId('sync-status')).toHaveCount(0);
      await b.goto(`${joiner.server.url}/#/leads/${lead.id}`);
      await expect(b.getByTestId('value-job_title')).toHaveCount(0);

      // Leaving keeps the data and removes the indicator.
      await a.getByTestId('team-leave').click();
      await expect(a.getByTestId('leave-team-dialog')).toContainText('All records stay here');
      await snap(a, 'team-leave-dialog');
      await a.getByTestId('leave-team-confirm').click();
      await expect(a.getByTestId('connect-team-form')).toBeVisible();
      await expect(a.getByTestId('sync-status')).toHaveCount(0);
      expect((await api.get<{ job_title: string }>(`/leads/${lead.id}/`)).job_title).toBe('Written offline');
    } finally {
      if (test.info().status !== test.info().expectedStatus)
        await test.info().attach('joiner-output', { body: joiner.server.output(), contentType: 'text/plain' });
      await joiner.stop();
    }
  });
  test('a team admin compacts the team’s record histories from Settings › Team', async ({ browser, request, crm }) => {
    const api = apiAs(request, crm.url, await crm.adminToken(request));
    await api.post('/leads/', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@engines.example' });
    await api.post('/sync/team/', { relay_url: relay.url, team_name: 'North Sales', email: ADMIN.email, password: ADMIN.password });
    const a = await pageAt(browser);
    await signIn(a, crm.url, '#/settings/team');
    await expect(a.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    const state = a.getByTestId('team-compaction-state');
    await expect(state).toHaveText('The team’s record histories have never been compacted.');
    await a.getByTestId('team-compact').click();
    await expect(a.getByTestId('compact-team-dialog')).toContainText('Update FieldCRM on every computer first');
    await snap(a, 'team-compact-dialog');
    expect(await seriousViolations(a)).toEqual([]);
    await a.getByTestId('compact-team-confirm').click();
    // The relay rewrites, this install downloads and swaps, then the section says when and what
    // (records this version made are compact already: nothing to rewrite).
    await expect(state).toHaveText(/^Last compacted .+: the histories were already compact\.$/, { timeout: 30_000 });
    await expect(state).toHaveAttribute('data-busy', 'false');
    await expect(a.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    await snap(a, 'team-compacted', true);
    const compaction = await api.get<{ epoch: number; state: string; this_install: { epoch: number } }>('/sync/compaction/');
    expect(compaction).toMatchObject({ epoch: 1, state: 'ready', this_install: { epoch: 1 } });
    await a.goto(`${crm.url}/#/leads`);
    await expect(a.getByTestId('record-row').filter({ hasText: 'Lovelace' })).toHaveCount(1);
  });
});
