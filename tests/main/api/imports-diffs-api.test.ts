import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function waitForImport(id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const res = await t.request('GET', `/api/v1/imports/${id}/`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} still running`);
}

describe('CSV import: update by email', () => {
  it('dry run lists each updated row with every changed field before and after', async () => {
    const lead = (await t.request('POST', '/api/v1/leads/', { body: { email: 'diff@rows.test', first_name: 'Old', phone: '111', status: 'new' } })).body;
    const csv = ['email,first_name,phone,status', 'diff@rows.test,New,111,contacted', 'fresh@rows.test,Fresh,,'].join('\n');
    const res = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv, dry_run: true, match_on: 'email' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ create: 1, update: 1, skip: 0 });
    // Only what would change is listed: the phone is the same and stays out.
    expect(res.body.updates).toEqual([
      { row: 1, record_id: lead.id, changes: { first_name: { old: 'Old', new: 'New' }, status: { old: 'new', new: 'contacted' } } },
    ]);
    expect(res.body.preview[0].changes).toEqual(res.body.updates[0].changes);
    expect(res.body.preview[1].changes).toBeUndefined();
  });

  it('never reopens a converted lead: the row is refused, in the dry run and in the real run', async () => {
    const lead = (await t.request('POST', '/api/v1/leads/', { body: { email: 'won@rules.test', first_name: 'Won', status: 'qualified' } })).body;
    const converted = await t.request('POST', `/api/v1/leads/${lead.id}/convert/`, { body: {} });
    expect(converted.status).toBe(200);
    const csv = ['email,status,phone', 'won@rules.test,new,555', 'won@rules.test,converted,556'].join('\n');

    const dry = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv, dry_run: true, match_on: 'email' } });
    expect(dry.body).toMatchObject({ update: 1, skip: 1 });
    expect(dry.body.errors).toEqual([{ row: 1, fields: { status: ['This lead has been converted; its status stays "converted".'] } }]);
    expect(dry.body.updates).toEqual([{ row: 2, record_id: lead.id, changes: { phone: { old: null, new: '556' } } }]);

    const run = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv, match_on: 'email' } });
    expect(run.status).toBe(202);
    expect(await waitForImport(run.body.id)).toMatchObject({ status: 'completed', updated: 1, skipped: 1 });
    const after = (await t.request('GET', `/api/v1/leads/${lead.id}/`)).body;
    expect(after).toMatchObject({ status: 'converted', phone: '556' });
    expect(after.converted_contact).not.toBeNull();
  });
});
