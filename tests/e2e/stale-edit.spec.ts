import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('an edit form open while someone else saves keeps their changes', async ({ browser, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'stale@edits.example', first_name: 'Kim', phone: '+1 555 0100', priority: 'low' });
  const mine = await browser.newPage();
  const theirs = await browser.newPage();
  await signIn(mine, crm.url, `#/leads/${lead.id}`);
  await signIn(theirs, crm.url, `#/leads/${lead.id}`);

  // I open Edit first; a teammate then changes phone and priority in their own window.
  await mine.getByTestId('edit-record').click();
  const myForm = mine.getByTestId('record-form');
  await expect(myForm.getByTestId('input-phone')).toHaveValue('+1 555 0100');
  await theirs.getByTestId('edit-record').click();
  const theirForm = theirs.getByTestId('record-form');
  await theirForm.getByTestId('input-phone').fill('+1 555 0199');
  await theirForm.getByTestId('input-priority').selectOption('high');
  await theirForm.getByTestId('form-submit').click();
  await expect(theirs.getByTestId('record-form')).toBeHidden();

  // Fields I did not touch follow the live record; my notes-only save leaves theirs alone.
  await expect(myForm.getByTestId('input-phone')).toHaveValue('+1 555 0199');
  await expect(myForm.getByTestId('input-priority')).toHaveValue('high');
  await myForm.getByTestId('input-notes').fill('Asked for a demo next week');
  await snap(mine, 'stale-edit-live-values');
  await myForm.getByTestId('form-submit').click();
  await expect(myForm).toBeHidden();

  const after = await api.get<{ phone: string; priority: string; notes: string }>(`/leads/${lead.id}/`);
  expect(after).toMatchObject({ phone: '+1 555 0199', priority: 'high', notes: 'Asked for a demo next week' });
  await expect(theirs.getByTestId('value-notes')).toContainText('Asked for a demo');
});

test('a field error goes away once the value is fixed', async ({ page, crm }) => {
  await signIn(page, crm.url, '#/leads');
  await page.getByTestId('new-record').click();
  const form = page.getByTestId('record-form');
  await form.getByTestId('input-email').fill('not-an-email');
  await form.getByTestId('form-submit').click();
  await expect(form.getByTestId('field-error-email')).toBeVisible();
  await form.getByTestId('input-email').fill('fixed@example.com');
  await expect(form.getByTestId('field-error-email')).toBeHidden();
});
