import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('custom fields appear in the record form, are validated by the API and show on the record page', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await api.post('/custom-fields/', {
    name: 'region',
    label: 'Sales region',
    field_type: 'select',
    content_type: 'lead',
    is_required: true,
    options: [
      { value: 'north', label: 'North' },
      { value: 'south', label: 'South' },
    ],
  });
  await api.post('/custom-fields/', {
    name: 'fleet_size',
    label: 'Fleet size',
    field_type: 'number',
    content_type: 'lead',
    min_value: 0,
    max_value: 5000,
    is_filterable: true,
  });

  await signIn(page, crm.url, '#/leads');
  await page.getByTestId('new-record').click();
  const form = page.getByTestId('record-form');
  await expect(form.getByTestId('custom-fields-form')).toBeVisible();
  await form.getByTestId('input-email').fill('fleet@trucks.example');
  await form.getByTestId('input-custom_fields.fleet_size').fill('9000');
  await form.getByTestId('form-submit').click();
  // Both problems come back from the API and show under their own inputs.
  await expect(form.getByTestId('field-error-custom_fields.region')).toBeVisible();
  await expect(form.getByTestId('field-error-custom_fields.fleet_size')).toContainText('5000');
  await snap(page, 'custom-fields-form-errors');

  await form.getByTestId('input-custom_fields.region').selectOption('south');
  await form.getByTestId('input-custom_fields.fleet_size').fill('120');
  await form.getByTestId('form-submit').click();
  await expect(page.getByTestId('record-detail')).toBeVisible();
  await expect(page.getByTestId('custom-fields')).toContainText('South');
  await expect(page.getByTestId('custom-fields')).toContainText('120');

  const leads = await api.get<{ results: { custom_fields: Record<string, unknown> }[] }>('/leads/?cf_fleet_size__gte=100');
  expect(leads.results.map((l) => l.custom_fields)).toEqual([{ region: 'south', fleet_size: 120 }]);
});
