import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('an entity keeps its own rules through the API', () => {
  it('a converted lead cannot be reopened by PATCH or PUT; its other fields still change', async () => {
    const lead = (await t.request('POST', '/api/v1/leads/', { body: { email: 'kept@rules.test', first_name: 'Kim', status: 'qualified' } })).body;
    expect((await t.request('POST', `/api/v1/leads/${lead.id}/convert/`, { body: {} })).status).toBe(200);

    const reopen = await t.request('PATCH', `/api/v1/leads/${lead.id}/`, { body: { status: 'new', phone: '+1 555 0100' } });
    expect(reopen.status).toBe(400);
    expect(reopen.body.error.fields.status).toEqual(['This lead has been converted; its status stays "converted".']);
    const put = await t.request('PUT', `/api/v1/leads/${lead.id}/`, { body: { email: 'kept@rules.test', first_name: 'Kim' } });
    expect(put.status).toBe(400);
    expect(put.body.error.fields.status).toBeDefined();

    const after = (await t.request('GET', `/api/v1/leads/${lead.id}/`)).body;
    expect(after).toMatchObject({ status: 'converted', phone: null });
    const phone = await t.request('PATCH', `/api/v1/leads/${lead.id}/`, { body: { phone: '+1 555 0100' } });
    expect(phone.status).toBe(200);
    expect(phone.body).toMatchObject({ status: 'converted', phone: '+1 555 0100' });
  });

  it('an open lead moves freely between statuses', async () => {
    const lead = (await t.request('POST', '/api/v1/leads/', { body: { email: 'free@rules.test', status: 'new' } })).body;
    const moved = await t.request('PATCH', `/api/v1/leads/${lead.id}/`, { body: { status: 'lost' } });
    expect(moved.status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/leads/${lead.id}/`, { body: { status: 'contacted' } })).status).toBe(200);
  });
});

describe('bulk updates keep the same rules', () => {
  it('a bulk update that would reopen a converted lead is refused whole, naming the row; nothing is written', async () => {
    const open = (await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-open@rules.test', status: 'new' } })).body;
    const done = (await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-done@rules.test', status: 'qualified' } })).body;
    expect((await t.request('POST', `/api/v1/leads/${done.id}/convert/`, { body: {} })).status).toBe(200);

    const res = await t.request('POST', '/api/v1/leads/bulk/', {
      body: { action: 'update', ids: [open.id, done.id], changes: { status: 'contacted', priority: 'high' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields.status).toEqual(['This lead has been converted; its status stays "converted".']);
    expect(res.body.error.fields.ids).toHaveLength(1);
    expect(res.body.error.fields.ids[0]).toContain(done.id);
    expect((await t.request('GET', `/api/v1/leads/${open.id}/`)).body).toMatchObject({ status: 'new', priority: 'medium' });
    expect((await t.request('GET', `/api/v1/leads/${done.id}/`)).body).toMatchObject({ status: 'converted' });
  });

  it('a bulk update that keeps the rules goes through, converted rows included', async () => {
    const a = (await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-a@rules.test', status: 'new' } })).body;
    const b = (await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-b@rules.test', status: 'qualified' } })).body;
    expect((await t.request('POST', `/api/v1/leads/${b.id}/convert/`, { body: {} })).status).toBe(200);
    const res = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'update', ids: [a.id, b.id], changes: { priority: 'high' } } });
    expect(res.status).toBe(200);
    expect((await t.request('GET', `/api/v1/leads/${b.id}/`)).body).toMatchObject({ status: 'converted', priority: 'high' });
  });
});
