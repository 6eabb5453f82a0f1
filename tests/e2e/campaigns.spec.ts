import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';
import { startSmtpSink } from '../helpers/smtp-sink';

test('campaigns: template with variable picker and preview, wizard with live audience, send with progress and stats', async ({ page, request, crm }) => {
  const smtp = await startSmtpSink();
  try {
    const api = apiAs(request, crm.url, await crm.adminToken(request));
    const put = await request.put(`${crm.url}/api/v1/email-settings/`, {
      headers: { authorization: `Bearer ${await crm.adminToken(request)}` },
      data: { host: '127.0.0.1', port: smtp.port, secure: false },
    });
    expect(put.status()).toBe(200);
    const company = await api.post<{ id: string }>('/companies/', { name: 'Initech', industry: 'technology' });
    for (const [first, email] of [
      ['Ada', 'ada@x.test'],
      ['Bob', 'bob@x.test'],
      ['Cy', 'cy@x.test'],
    ]) {
      await api.post('/contacts/', { first_name: first, last_name: 'Tester', email, company: company.id });
    }
    await api.post('/contacts/', { first_name: 'Out', last_name: 'Side', email: 'out@elsewhere.test' });

    // Template: typed, a variable inserted from the picker, saved, previewed for a contact.
    await signIn(page, crm.url, '#/campaigns/templates');
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('Launch news');
    await page.getByTestId('template-subject').fill('News for {{company_name}}');
    await page.getByTestId('template-body').fill('<p>Hello {{first_name|there}},</p><p>Works at ');
    await page.getByTestId('variable-picker').getByRole('button', { name: 'company_name', exact: true }).click();
    await page.getByTestId('template-save').click();
    await page.getByTestId('preview-contact').selectOption({ label: 'Ada Tester — ada@x.test' });
    await expect(page.getByTestId('template-preview')).toContainText('News for Initech');
    await expect(page.frameLocator('[data-testid="template-preview"] iframe').locator('body')).toContainText('Works at Initech');
    await snap(page, 'campaigns-template-editor');

    // A broken variable is refused, naming it.
    await page.getByTestId('template-body').fill('<p>Hello {{first_name</p>');
    await page.getByTestId('template-save').click();
    await expect(page.getByTestId('template-editor')).toContainText('Broken variable');

    // Wizard: live audience count, no-relay notice, send now.
    await page.goto(`${crm.url}/#/campaigns/new`);
    await expect(page.getByTestId('no-relay-notice')).toBeVisible();
    await page.getByTestId('campaign-name').fill('Spring launch');
    await page.getByTestId('campaign-template').selectOption({ label: 'Launch news' });
    await page.getByTestId('campaign-from-email').fill('news@acme.test');
    await page.getByTestId('campaign-from-name').fill('Acme News');
    await expect(page.getByTestId('audience-count')).toContainText('4 recipients');
    await page.getByTestId('segment-add').click();
    await page.getByTestId('segment-key').fill('industry');
    await page.getByTestId('segment-value').fill('technology');
    await expect(page.getByTestId('audience-count')).toContainText('3 recipients');
    await page.getByTestId('segment-key').fill('shoe_size');
    await expect(page.getByTestId('audience-count')).toContainText('Unknown filter');
    await page.getByTestId('segment-key').fill('industry');
    await expect(page.getByTestId('audience-count')).toContainText('3 recipients');
    await snap(page, 'campaigns-wizard', true);
    await page.getByTestId('campaign-test').click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Test sent to admin@example.com' })).toBeVisible();
    expect(smtp.received.map((r) => r.to)).toEqual(['admin@example.com']);
    expect(smtp.received[0].mail.subject).toBe('[Test] News for Initech');
    smtp.received.length = 0;
    await page.getByTestId('campaign-send').click();

    await expect(page.getByTestId('campaign-detail')).toBeVisible();
    await expect(page.getByTestId('campaign-status')).toHaveText('sent', { timeout: 20_000 });
    await expect(page.getByTestId('campaign-progress')).toContainText('3 / 3');
    await expect(page.getByTestId('campaign-stats')).toContainText('Delivered3');
    expect(smtp.received.map((r) => r.to).sort()).toEqual(['ada@x.test', 'bob@x.test', 'cy@x.test']);
    expect(smtp.received[0].mail.subject).toBe('News for Initech');
    await snap(page, 'campaigns-detail', true);

    await page.getByTestId('nav-campaigns').click();
    await expect(page.getByTestId('campaign-list')).toContainText('Spring launch');
    await snap(page, 'campaigns-list');
  } finally {
    await smtp.close();
  }
});
