import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

interface Def {
  name: string;
  label: string;
  order: number;
  group: string | null;
  options: { value: string; label: string }[];
  visible_to_roles: string[];
}

test('an admin manages custom fields in Settings: create with options and a group, reorder, role visibility, delete and undo', async ({
  page,
  request,
  crm,
}) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/custom-fields/', { content_type: 'lead', name: 'budget', label: 'Budget', field_type: 'decimal', order: 0 });
  await signIn(page, crm.url, '#/settings/custom-fields');
  const section = page.getByTestId('custom-fields-settings');
  await expect(section.getByTestId('cf-row')).toHaveCount(1);

  await section.getByTestId('cf-group-name').fill('Qualification');
  await section.getByTestId('cf-group-add').click();
  await expect(section.getByTestId('cf-groups')).toContainText('Qualification');

  await section.getByTestId('cf-new').click();
  const dialog = page.getByTestId('field-definition-dialog');
  await dialog.getByTestId('cf-label').fill('Deal size');
  await dialog.getByTestId('cf-type').selectOption('select');
  await dialog.getByTestId('cf-group').selectOption({ label: 'Qualification' });
  await dialog.getByTestId('cf-add-option').click();
  await dialog.getByTestId('cf-option-label-0').fill('Small (under 10k)');
  await dialog.getByTestId('cf-option-value-0').fill('small');
  await dialog.getByTestId('cf-add-option').click();
  await dialog.getByTestId('cf-option-label-1').fill('Large');
  await dialog.getByTestId('cf-role-sales_rep').check();
  await dialog.getByTestId('cf-role-manager').check();
  await snap(page, 'custom-field-dialog');
  await dialog.getByTestId('cf-save').click();
  await expect(dialog).toBeHidden();
  await expect(section.getByTestId('cf-row')).toHaveCount(2);

  const defs = async () => (await api.get<{ results: Def[] }>('/custom-fields/?model=lead')).results.sort((a, b) => a.order - b.order);
  const created = (await defs()).find((d) => d.name === 'deal_size')!;
  expect(created.options).toEqual([
    { value: 'small', label: 'Small (under 10k)' },
    { value: 'large', label: 'Large' },
  ]);
  expect(created.visible_to_roles.sort()).toEqual(['manager', 'sales_rep']);
  expect(created.group).not.toBeNull();

  // Move it above Budget.
  await section.locator('[data-testid="cf-row"][data-name="deal_size"]').getByTestId('cf-up').click();
  await expect(section.getByTestId('cf-row').first()).toHaveAttribute('data-name', 'deal_size');
  await expect.poll(async () => (await defs()).map((d) => d.name)).toEqual(['deal_size', 'budget']);
  await snap(page, 'custom-fields-settings');

  // The record form shows the option labels.
  const lead = await api.post<{ id: string }>('/leads/', { email: 'cf@settings.example' });
  await page.goto(`${crm.url}/#/leads/${lead.id}`);
  await page.getByTestId('edit-record').click();
  const select = page.getByTestId('record-form').getByTestId('input-custom_fields.deal_size');
  await expect(select.locator('option', { hasText: 'Small (under 10k)' })).toHaveCount(1);

  // Delete, then undo.
  await page.goto(`${crm.url}/#/settings/custom-fields`);
  await section.locator('[data-testid="cf-row"][data-name="budget"]').getByTestId('cf-delete').click();
  await expect(section.getByTestId('cf-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(section.getByTestId('cf-row')).toHaveCount(2);
});
