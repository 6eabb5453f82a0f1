import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('on a lead: stage path, inline edit, quick actions, readable timeline and field history', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'day@lead.example', first_name: 'Dana', last_name: 'Day', phone: '+1 555 0100' });
  await api.patch(`/leads/${lead.id}/`, { phone: '+1 555 0123', estimated_value: 1200 });
  await signIn(page, crm.url, `#/leads/${lead.id}`);

  // Email and phone are links the OS opens.
  await expect(page.getByTestId('value-email').getByTestId('mailto')).toHaveAttribute('href', 'mailto:day@lead.example');
  await expect(page.getByTestId('value-phone').getByTestId('tel')).toHaveAttribute('href', 'tel:+15550123');

  // One click on the path moves the status.
  await page.getByTestId('path-contacted').click();
  await expect(page.getByTestId('path-contacted')).toHaveAttribute('aria-current', 'step');
  await expect.poll(async () => (await api.get<{ status: string }>(`/leads/${lead.id}/`)).status).toBe('contacted');

  // Inline edit: the pencil, a value, Enter.
  await page.getByTestId('value-job_title').hover();
  await page.getByTestId('inline-edit-job_title').click();
  await page.getByTestId('inline-editor-job_title').locator('input').fill('Head of Sales');
  await page.getByTestId('inline-editor-job_title').locator('input').press('Enter');
  await expect(page.getByTestId('value-job_title')).toContainText('Head of Sales');

  // Log a call: it defaults to now and links the lead.
  await page.getByTestId('quick-call').click();
  const form = page.getByTestId('record-form');
  await expect(form.getByTestId('input-activity_type')).toHaveValue('call');
  await expect(form.getByTestId('input-occurred_at')).not.toHaveValue('');
  await expect(form.getByTestId('input-lead')).toHaveValue('Dana Day');
  await snap(page, 'quick-log-call');
  await form.getByTestId('form-submit').click();
  await expect(form).toBeHidden();

  // The timeline: one entry per change, labels and old -> new values, grouped by day.
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByTestId('timeline-day').first()).toContainText('Today');
  await expect(timeline.locator('[data-type="activity"]')).toContainText('Call with Dana Day');
  const phone = timeline.locator('[data-testid="timeline-change"][data-field="phone"]');
  await expect(phone).toHaveCount(1);
  await expect(phone).toContainText('Phone: +1 555 0100 → +1 555 0123');
  await expect(timeline.locator('[data-testid="timeline-change"][data-field="status"]')).toContainText('Status: New → Contacted');
  await expect(timeline).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await snap(page, 'lead-timeline', true);
  await timeline.getByTestId('timeline-kind-activities').click();
  await expect(timeline.locator('[data-type="audit"]')).toHaveCount(0);
  await expect(timeline.locator('[data-type="activity"]')).toHaveCount(1);

  // History tab: each field's changes.
  await page.getByTestId('tab-history').click();
  const phoneHistory = page.locator('[data-testid="field-history-group"][data-field="phone"]');
  await expect(phoneHistory).toContainText('+1 555 0123');
  await expect(page.locator('[data-testid="field-history-group"][data-field="job_title"]')).toContainText('Head of Sales');
  await snap(page, 'lead-history-tab');
});

test('a completed task offers the next step, linked to the same records', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'next@lead.example', first_name: 'Nia' });
  const task = await api.post<{ id: string }>('/tasks/', { title: 'Send the proposal', lead: lead.id });
  await signIn(page, crm.url, `#/tasks/${task.id}`);
  await page.getByTestId('complete-task').click();
  await expect(page.getByTestId('next-step')).toBeVisible();
  await page.getByTestId('next-task').click();
  const form = page.getByTestId('record-form');
  await expect(form.getByTestId('input-lead')).toHaveValue('Nia');
  await form.getByTestId('input-title').fill('Call about the proposal');
  await form.getByTestId('form-submit').click();
  await expect(form).toBeHidden();
  const tasks = await api.get<{ results: { title: string; status: string }[] }>(`/tasks/?lead=${lead.id}`);
  expect(tasks.results.map((t) => t.title).sort()).toEqual(['Call about the proposal', 'Send the proposal']);
});

test('a deleted record opens read-only with Restore', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'gone@lead.example', first_name: 'Gus' });
  await signIn(page, crm.url, `#/leads/${lead.id}`);
  await page.getByTestId('delete-record').click();
  await expect(page.getByTestId('deleted-notice')).toBeVisible();
  await expect(page.getByTestId('detail-title')).toHaveText('Gus');
  await expect(page.getByTestId('edit-record')).toHaveCount(0);
  await expect(page.getByTestId('quick-actions')).toHaveCount(0);
  await expect(page.getByTestId('inline-edit-first_name')).toHaveCount(0);
  await snap(page, 'deleted-record');
  // From the list's "Show deleted" too.
  await page.goto(`${crm.url}/#/leads`);
  await page.getByTestId('show-deleted').check();
  await page.getByTestId('record-row').first().locator('.title-cell a').click();
  await expect(page.getByTestId('deleted-notice')).toBeVisible();
  await page.getByTestId('restore-record').click();
  await expect(page.getByTestId('deleted-notice')).toBeHidden();
  await expect(page.getByTestId('edit-record')).toBeVisible();
});

test('keyboard: ? lists the shortcuts, E edits, N creates', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'keys@lead.example', first_name: 'Kai' });
  await signIn(page, crm.url, `#/leads/${lead.id}`);
  await expect(page.getByTestId('record-detail')).toBeVisible();
  await page.keyboard.press('Shift+?');
  await expect(page.getByTestId('shortcuts-help')).toContainText('Edit the record');
  await snap(page, 'shortcuts-help');
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await expect(page.getByTestId('record-form')).toContainText('Edit Kai');
  await page.keyboard.press('Escape');
  await page.goto(`${crm.url}/#/leads`);
  await expect(page.getByTestId('record-table')).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByTestId('record-form')).toContainText('New lead');
});
