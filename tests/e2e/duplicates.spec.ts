import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('creating a contact that may already exist warns with the candidates, and can still be created', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const ada = await api.post<{ id: string }>('/contacts/', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@engines.example' });
  await signIn(page, crm.url, '#/contacts');
  await page.getByTestId('new-record').click();
  const form = page.getByTestId('record-form');
  await form.getByTestId('input-first_name').fill('Ada');
  await form.getByTestId('input-last_name').fill('Lovelace');
  await form.getByTestId('input-email').fill('ADA@engines.example');
  const warning = form.getByTestId('duplicate-warning');
  await expect(warning.getByTestId('duplicate-candidate')).toHaveCount(1);
  await expect(warning).toContainText('same email, same name');
  await expect(warning.locator('a')).toHaveAttribute('href', `#/contacts/${ada.id}`);
  await snap(page, 'duplicate-warning');
  // Another Ada Lovelace with her own address: still flagged by name, and created on request.
  await form.getByTestId('input-email').fill('ada.l@other.example');
  await expect(warning).toContainText('same name');
  await expect(warning).not.toContainText('same email');
  await form.getByTestId('form-submit').click();
  await expect(page.getByTestId('record-detail')).toBeVisible();
  expect((await api.get<{ count: number }>('/contacts/?last_name=Lovelace')).count).toBe(2);
});

test('an import dry run lists rows that may duplicate existing records', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/companies/', { name: 'Acme Corp', domain: 'acme.example' });
  const csv = ['Name,Domain', 'ACME Corp,', 'Globex,globex.example', 'Acme Europe,https://www.acme.example'].join('\n');
  await signIn(page, crm.url, '#/import');
  await page.getByTestId('import-model').selectOption('company');
  await page.getByTestId('import-file').setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-dry-run').click();
  const rows = page.getByTestId('import-duplicate');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Acme Corp');
  await expect(rows.nth(0)).toContainText('same name');
  await expect(rows.nth(1)).toContainText('same domain');
  await snap(page, 'import-duplicates');
});

test('merge a duplicate company field by field, its contacts move over, and Undo puts it back', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const keep = await api.post<{ id: string }>('/companies/', { name: 'Initech', domain: 'initech.example', industry: 'technology' });
  const dupe = await api.post<{ id: string }>('/companies/', { name: 'Initech Inc', domain: 'initech.example', phone: '+1 555 0100' });
  const peter = await api.post<{ id: string }>('/contacts/', { first_name: 'Peter', last_name: 'Gibbons', email: 'peter@initech.example', company: dupe.id });

  await signIn(page, crm.url, `#/companies/${keep.id}`);
  await page.getByTestId('merge-record').click();
  const dialog = page.getByTestId('merge-dialog');
  await dialog.getByTestId('merge-candidate').first().check();
  await dialog.getByTestId('merge-field-phone').getByTestId('merge-take').check();
  await expect(dialog.getByTestId('merge-field-name')).toContainText('Initech Inc');
  await snap(page, 'merge-dialog');
  await dialog.getByTestId('merge-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('value-phone')).toContainText('+1 555 0100');
  await expect(page.getByTestId('related-contacts')).toContainText('Peter Gibbons');
  expect((await api.get<{ company: { id: string } }>(`/contacts/${peter.id}/`)).company.id).toBe(keep.id);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await api.get<{ company: { id: string } }>(`/contacts/${peter.id}/`)).company.id).toBe(dupe.id);
  expect((await api.get<{ name: string }>(`/companies/${dupe.id}/`)).name).toBe('Initech Inc');
  await expect(page.getByTestId('value-phone')).not.toContainText('+1 555 0100');
});
