import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('create a lead, convert it, and move the deal through the pipeline by drag and drop', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  await signIn(page, crm.url, '#/leads');
  await expect(page.getByTestId('list-empty')).toContainText('No leads yet');
  await snap(page, 'leads-empty');

  // Create: the API's field errors show under their inputs.
  await page.getByTestId('new-record').click();
  const form = page.getByTestId('record-form');
  await form.getByTestId('input-first_name').fill('Ada');
  await form.getByTestId('input-last_name').fill('Lovelace');
  await form.getByTestId('input-email').fill('not-an-email');
  await form.getByTestId('input-company_name').fill('Analytical Engines');
  await form.getByTestId('input-status').selectOption('qualified');
  await form.getByTestId('input-estimated_value').fill('42000');
  await form.getByTestId('form-submit').click();
  await expect(form.getByTestId('field-error-email')).toContainText('valid email');
  await snap(page, 'lead-form-error');
  await form.getByTestId('input-email').fill('ada@engines.example');
  await form.getByTestId('input-email').press('Enter');

  await expect(page.getByTestId('record-detail')).toBeVisible();
  await expect(page.getByTestId('detail-title')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('value-status')).toContainText('qualified');
  await expect(page).toHaveURL(/#\/leads\/[0-9a-f-]{36}$/);

  // Convert with a deal; the app lands on the new contact.
  await page.getByTestId('convert-lead').click();
  const dialog = page.getByTestId('convert-dialog');
  await expect(dialog.getByTestId('convert-company')).toBeChecked();
  await dialog.getByTestId('deal-name').fill('Engines - Difference engine');
  await dialog.getByTestId('deal-amount').fill('64000');
  await snap(page, 'lead-convert-dialog');
  await dialog.getByTestId('convert-submit').click();
  await expect(page).toHaveURL(/#\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('detail-title')).toHaveText('Ada Lovelace');
  const deals = page.getByTestId('related-opportunities');
  await expect(deals).toContainText('Engines - Difference engine');
  await snap(page, 'contact-after-conversion', true);

  const { results } = await api.get<{ results: { id: string; stage: string }[] }>('/opportunities/?search=difference');
  const deal = results[0];
  // A qualified lead's deal starts in qualification (the engine's conversion rule).
  expect(deal?.stage).toBe('qualification');
  const dealId = deal?.id ?? '';

  // Pipeline: drag the card stage by stage; each drop is a PATCH the API confirms.
  await page.getByTestId('nav-pipeline').click();
  const card = page.locator(`[data-testid="deal-card"][data-id="${dealId}"]`);
  await expect(page.getByTestId('stage-qualification').locator(card)).toBeVisible();
  await snap(page, 'pipeline-before-moves');
  for (const stage of ['prospecting', 'proposal', 'negotiation', 'closed_won']) {
    await card.dragTo(page.getByTestId(`stage-${stage}`));
    await expect(page.getByTestId(`stage-${stage}`).locator(card)).toBeVisible();
    await expect.poll(async () => (await api.get<{ stage: string }>(`/opportunities/${dealId}/`)).stage).toBe(stage);
  }
  await expect(page.getByTestId('stage-closed_won').getByTestId('stage-count')).toHaveText('1');
  await expect(page.getByTestId('stage-closed_won').getByTestId('stage-total')).toContainText('64');
  await snap(page, 'pipeline-after-moves');

  // The keyboard does the same: Alt+Left sends the focused card back one stage.
  await card.focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('stage-negotiation').locator(card)).toBeVisible();
  await expect.poll(async () => (await api.get<{ stage: string }>(`/opportunities/${dealId}/`)).stage).toBe('negotiation');
});
