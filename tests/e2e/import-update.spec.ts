import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('update by email: the dry run shows each field before and after, and a converted lead stays converted', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const open = await api.post<{ id: string }>('/leads/', { email: 'open@update.example', first_name: 'Olga', phone: '100', status: 'new' });
  const won = await api.post<{ id: string }>('/leads/', { email: 'won@update.example', first_name: 'Wim', status: 'qualified' });
  await api.post(`/leads/${won.id}/convert/`, {}, 200);
  const csv = ['Email,Phone,Status', 'open@update.example,200,contacted', 'won@update.example,300,new'].join('\n');

  await signIn(page, crm.url, '#/import');
  await page.getByTestId('import-model').selectOption('lead');
  await page.getByTestId('import-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-match-on').selectOption('email');
  await page.getByTestId('import-dry-run').click();

  await expect(page.getByTestId('dry-update')).toContainText('1');
  await expect(page.getByTestId('dry-skip')).toContainText('1');
  const phone = page.locator('[data-testid="import-row-diff"][data-row="1"][data-field="phone"]');
  await expect(phone).toContainText('Phone');
  await expect(phone.locator('.diff-old')).toHaveText('100');
  await expect(phone.locator('.diff-new')).toHaveText('200');
  await expect(page.locator('[data-testid="import-row-diff"][data-row="1"][data-field="status"] .diff-new')).toHaveText('contacted');
  await expect(page.getByTestId('import-row-error')).toContainText('converted');
  await snap(page, 'import-update-diffs');

  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'completed');
  expect(await api.get<{ status: string; phone: string }>(`/leads/${open.id}/`)).toMatchObject({ status: 'contacted', phone: '200' });
  expect(await api.get<{ status: string }>(`/leads/${won.id}/`)).toMatchObject({ status: 'converted' });

  await page.goto(`${crm.url}/#/leads/${won.id}`);
  await expect(page.getByTestId('value-status')).toContainText(/converted/i);
  await expect(page.getByTestId('convert-lead')).toHaveCount(0);
});
