import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

const CSV = [
  'First Name,Last Name,Email,Company,Lead Score',
  'Ada,Lovelace,ada@engines.example,Analytical Engines,90',
  'Grace,Hopper,not-an-email,US Navy,70',
  'Alan,Turing,alan@bletchley.example,Bletchley Park,150',
  'Katherine,Johnson,kj@nasa.example,NASA,80',
  'Edsger,Dijkstra,ewd@eindhoven.example,"Eindhoven, TU",60',
].join('\n');

test('import a CSV with errors in some rows: map, dry run, import with progress, then undo', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await signIn(page, crm.url, '#/import');
  await snap(page, 'import-choose');

  await page.getByTestId('import-model').selectOption('lead');
  await page.getByTestId('import-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

  // Columns named like fields are mapped already; the rest is a choice.
  await expect(page.getByTestId('map-Email')).toHaveValue('email');
  await expect(page.getByTestId('map-First Name')).toHaveValue('first_name');
  await expect(page.getByTestId('map-Lead Score')).toHaveValue('lead_score');
  await expect(page.getByTestId('map-Company')).toHaveValue('');
  await page.getByTestId('map-Company').selectOption('company_name');
  await snap(page, 'import-mapping');

  await page.getByTestId('import-dry-run').click();
  await expect(page.getByTestId('dry-create')).toContainText('3');
  await expect(page.getByTestId('dry-skip')).toContainText('2');
  const errors = page.getByTestId('import-row-error');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText('email');
  await expect(errors.nth(1)).toContainText('lead_score');
  await snap(page, 'import-dry-run');
  expect((await api.get<{ count: number }>('/leads/')).count).toBe(0);

  await page.getByTestId('import-run').click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('import-status')).toContainText('3 created');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await snap(page, 'import-done');
  const imported = await api.get<{ count: number; results: { company_name: string }[] }>('/leads/?search=eindhoven');
  expect(imported.results[0]?.company_name).toBe('Eindhoven, TU');
  expect((await api.get<{ count: number }>('/leads/')).count).toBe(3);

  await page.getByTestId('import-undo').click();
  await expect(progress).toHaveAttribute('data-status', 'undone');
  await expect.poll(async () => (await api.get<{ count: number }>('/leads/')).count).toBe(0);
  await snap(page, 'import-undone');
});
