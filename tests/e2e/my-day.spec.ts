import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

function inDays(days: number, hour = 15): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  return d.toISOString();
}

test('My day shows overdue, today and upcoming; reschedule and complete can be undone; columns are kept per user', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const me = (await api.get<{ id: string }>('/auth/me/')).id;
  await api.post('/tasks/', { title: 'Chase the invoice', due_date: inDays(-2), assigned_to: me });
  const today = await api.post<{ id: string }>('/tasks/', { title: 'Call Ada back', due_date: inDays(0, 23), assigned_to: me });
  const later = await api.post<{ id: string; due_date: string }>('/tasks/', { title: 'Prepare the demo', due_date: inDays(3), assigned_to: me });
  await api.post('/tasks/', { title: 'Quarterly review', due_date: inDays(30), assigned_to: me });

  await signIn(page, crm.url, '#/my-day');
  await expect(page.getByTestId('my-day-overdue')).toContainText('Chase the invoice');
  await expect(page.getByTestId('my-day-today')).toContainText('Call Ada back');
  await expect(page.getByTestId('my-day-upcoming')).toContainText('Prepare the demo');
  await expect(page.getByText('Quarterly review')).toHaveCount(0);
  await snap(page, 'my-day-upcoming');

  // Reschedule to tomorrow, then undo.
  const row = page.locator(`[data-testid="my-day-task"][data-id="${later.id}"]`);
  await row.getByTestId('reschedule').click();
  await row.getByTestId('reschedule-tomorrow').click();
  await expect.poll(async () => (await api.get<{ due_date: string }>(`/tasks/${later.id}/`)).due_date).not.toBe(later.due_date);
  await page.getByRole('button', { name: 'Undo' }).last().click();
  await expect.poll(async () => (await api.get<{ due_date: string }>(`/tasks/${later.id}/`)).due_date).toBe(later.due_date);

  // Complete, then undo: the task is open again.
  await page.locator(`[data-testid="my-day-task"][data-id="${today.id}"]`).getByTestId('complete-task').click();
  await expect.poll(async () => (await api.get<{ status: string }>(`/tasks/${today.id}/`)).status).toBe('completed');
  await page.getByRole('button', { name: 'Undo' }).last().click();
  await expect.poll(async () => (await api.get<{ status: string }>(`/tasks/${today.id}/`)).status).toBe('pending');
  await expect(page.getByTestId('my-day-today')).toContainText('Call Ada back');

  // A column choice on a list comes back when the list is opened again without it in the link.
  await page.goto(`${crm.url}/#/tasks`);
  await page.getByTestId('column-picker').click();
  await page.getByTestId('column-description').check();
  await page.keyboard.press('Escape');
  await page.goto(`${crm.url}/#/overview`);
  await page.goto(`${crm.url}/#/tasks`);
  await expect(page.getByTestId('sort-description')).toBeVisible();
});
