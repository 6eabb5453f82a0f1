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
  // A lead's notes are the live co-edited card: the saved form's notes reach it.
  await expect(theirs.getByTestId('notes-editor')).toHaveValue(/Asked for a demo/);
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

test('a stale save of a field someone else changed shows theirs vs yours, and nothing is lost', async ({ browser, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'race@edits.example', first_name: 'Rae', phone: '+1 555 0100', job_title: 'Buyer' });
  const mine = await browser.newPage();
  const theirs = await browser.newPage();
  await signIn(mine, crm.url, `#/leads/${lead.id}`);
  await signIn(theirs, crm.url, `#/leads/${lead.id}`);

  // I start typing a new phone and job title; meanwhile a teammate saves a different phone.
  await mine.getByTestId('edit-record').click();
  const myForm = mine.getByTestId('record-form');
  await myForm.getByTestId('input-phone').fill('+1 555 0111');
  await myForm.getByTestId('input-job_title').fill('Head of Buying');
  await theirs.getByTestId('edit-record').click();
  await theirs.getByTestId('record-form').getByTestId('input-phone').fill('+1 555 0199');
  await theirs.getByTestId('record-form').getByTestId('form-submit').click();
  await expect(theirs.getByTestId('record-form')).toBeHidden();

  // My save is refused for the phone only; both values are on screen, nothing is written yet.
  await myForm.getByTestId('form-submit').click();
  const conflict = myForm.getByTestId('stale-conflict');
  await expect(conflict).toBeVisible();
  const row = conflict.getByTestId('stale-conflict-phone');
  await expect(row.getByTestId('theirs')).toHaveText('+1 555 0199');
  await expect(row.getByTestId('yours')).toHaveText('+1 555 0111');
  await expect(conflict.getByTestId('stale-conflict-job_title')).toHaveCount(0);
  await expect(myForm.getByTestId('form-submit')).toBeDisabled();
  await snap(mine, 'stale-edit-conflict');
  expect(await api.get<{ phone: string; job_title: string }>(`/leads/${lead.id}/`)).toMatchObject({ phone: '+1 555 0199', job_title: 'Buyer' });

  // I keep mine for the phone; the save now goes through with both of my changes.
  await row.getByTestId('keep-yours').click();
  await myForm.getByTestId('form-submit').click();
  await expect(myForm).toBeHidden();
  expect(await api.get<{ phone: string; job_title: string }>(`/leads/${lead.id}/`)).toMatchObject({ phone: '+1 555 0111', job_title: 'Head of Buying' });
});

test('choosing theirs in a stale save keeps their value and still saves mine elsewhere', async ({ browser, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'theirs@edits.example', first_name: 'Tao', priority: 'low' });
  const mine = await browser.newPage();
  await signIn(mine, crm.url, `#/leads/${lead.id}`);
  await mine.getByTestId('edit-record').click();
  const myForm = mine.getByTestId('record-form');
  await myForm.getByTestId('input-priority').selectOption('medium');
  await myForm.getByTestId('input-notes').fill('Met at the fair');
  // A script changes the priority through the API.
  await api.patch(`/leads/${lead.id}/`, { priority: 'urgent' });
  await myForm.getByTestId('form-submit').click();
  const row = myForm.getByTestId('stale-conflict-priority');
  await expect(row.getByTestId('theirs')).toContainText(/urgent/i);
  await row.getByTestId('keep-theirs').click();
  await expect(myForm.getByTestId('input-priority')).toHaveValue('urgent');
  await myForm.getByTestId('form-submit').click();
  await expect(myForm).toBeHidden();
  expect(await api.get<{ priority: string; notes: string }>(`/leads/${lead.id}/`)).toMatchObject({ priority: 'urgent', notes: 'Met at the fair' });
});
