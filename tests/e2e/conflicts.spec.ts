import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './support/headless-server';
import { apiAs, signIn, snap } from './support/ui';

test('a value that lost a concurrent edit is shown on the record and can be brought back', async ({ page, request, crm }) => {
  const api = apiAs(request, crm.url, await crm.adminToken(request));
  const lead = await api.post<{ id: string }>('/leads/', { email: 'both@edits.example', first_name: 'Kim', status: 'qualified' });
  // Arrange what a merge with a teammate's install leaves behind (the relay is not part of this test).
  const db = new Database(join(crm.dataDir, 'crm.sqlite'));
  db.prepare(
    `INSERT INTO record_conflicts (id, entity, record_id, field, losing_value, losing_hlc, winning_value, winning_hlc, detected_at)
     VALUES ('c1', 'lead', ?, 'status', '"contacted"', '0000000aa.0000.x', '"qualified"', '0000000ab.0000.y', ?)`,
  ).run(lead.id, new Date().toISOString());
  db.close();

  await signIn(page, crm.url, `#/leads/${lead.id}`);
  const panel = page.getByTestId('conflicts');
  await expect(panel).toContainText('Status');
  await expect(panel).toContainText('contacted');
  await snap(page, 'record-conflict');
  await panel.getByTestId('conflict-restore').click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('value-status')).toContainText(/contacted/i);
  const after = await api.get<{ status: string }>(`/leads/${lead.id}/`);
  expect(after.status).toBe('contacted');
});
