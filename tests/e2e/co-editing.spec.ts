import { expect, test } from './support/headless-server';
import { apiAs, snap } from './support/ui';
import type { Page } from '@playwright/test';

async function signInAs(page: Page, url: string, username: string, password: string, hash: string): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

test("two people type into a lead's notes at once: both edits kept on both pages and in the record", async ({ browser, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/users/', {
    username: 'rosa',
    email: 'rosa@team.example',
    password: 'rosa-password-1',
    role: 'sales_rep',
    first_name: 'Rosa',
    last_name: 'Diaz',
  });
  const lead = await api.post<{ id: string }>('/leads/', { email: 'live@notes.example', first_name: 'Lina', last_name: 'Park', notes: 'Budget approved.' });

  const admin = await browser.newPage();
  const rosa = await browser.newPage();
  await signInAs(admin, crm.url, 'admin', 'admin-password-1', `#/leads/${lead.id}`);
  await signInAs(rosa, crm.url, 'rosa', 'rosa-password-1', `#/leads/${lead.id}`);

  const adminNotes = admin.getByTestId('notes-editor');
  const rosaNotes = rosa.getByTestId('notes-editor');
  await expect(adminNotes).toHaveValue('Budget approved.');
  await expect(rosaNotes).toHaveValue('Budget approved.');
  await expect(admin.getByTestId('live-notes-status')).toContainText('Live');

  // Each sees the other's avatar in the record header.
  await expect(admin.getByTestId('presence-avatar')).toHaveCount(1);
  await expect(admin.getByTestId('presence')).toContainText('Rosa Diaz');
  await expect(rosa.getByTestId('presence')).toHaveAttribute('aria-label', /Also viewing: .+/);

  // Both type at the same time: admin at the start, Rosa at the end, keys interleaved.
  await adminNotes.click();
  await adminNotes.press('Control+Home');
  await rosaNotes.click();
  await rosaNotes.press('Control+End');
  const adminWords = 'Call Tue. ';
  const rosaWords = ' Send deck.';
  await Promise.all([adminNotes.pressSequentially(adminWords, { delay: 30 }), rosaNotes.pressSequentially(rosaWords, { delay: 30 })]);

  const merged = 'Call Tue. Budget approved. Send deck.';
  await expect(adminNotes).toHaveValue(merged);
  await expect(rosaNotes).toHaveValue(merged);
  await expect.poll(async () => (await api.get<{ notes: string }>(`/leads/${lead.id}/`)).notes, { timeout: 10_000 }).toBe(merged);
  await admin.evaluate(() => window.scrollTo(0, 0));
  await snap(admin, 'co-editing-two-pages-admin');
  await snap(rosa, 'co-editing-two-pages-rosa');

  // Rosa leaves: her avatar goes from the admin's page.
  await rosa.close();
  await expect(admin.getByTestId('presence-avatar')).toHaveCount(0);
});
