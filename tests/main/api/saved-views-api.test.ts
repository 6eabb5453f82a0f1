import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
let rep: { id: string; token: string };
let other: { id: string; token: string };
beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'viewsrep');
  other = await t.userWithRole('viewer', 'viewsother');
});
afterAll(() => t.stop());

describe('saved views API', () => {
  it('creates, reads, lists by model, updates and deletes a view', async () => {
    const created = await t.request('POST', '/api/v1/saved-views/', {
      token: rep.token,
      body: { name: '  Hot leads ', model: 'lead', query: '?status=qualified&ordering=-created_at', columns: ['email', 'status', 'lead_score'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Hot leads',
      model: 'lead',
      query: 'status=qualified&ordering=-created_at',
      columns: ['email', 'status', 'lead_score'],
      is_shared: false,
      owner: { id: rep.id, username: 'viewsrep' },
    });
    expect(created.body.owner).toHaveProperty('full_name');
    expect(created.body.created_at).toBe(created.body.updated_at);
    await t.request('POST', '/api/v1/saved-views/', { token: rep.token, body: { name: 'All contacts', model: 'contact' } });

    const leads = await t.request('GET', '/api/v1/saved-views/?model=lead', { token: rep.token });
    expect(leads.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(leads.body.results[0].id).toBe(created.body.id);
    expect((await t.request('GET', '/api/v1/saved-views/', { token: rep.token })).body.results.map((v: any) => v.name)).toEqual(['All contacts', 'Hot leads']);

    const patched = await t.request('PATCH', `/api/v1/saved-views/${created.body.id}/`, {
      token: rep.token,
      body: { name: 'Qualified', query: 'status=qualified&lead_score__gte=50' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Qualified', query: 'status=qualified&lead_score__gte=50', columns: ['email', 'status', 'lead_score'] });
    expect((await t.request('GET', `/api/v1/saved-views/${created.body.id}/`, { token: rep.token })).body.name).toBe('Qualified');

    expect((await t.request('DELETE', `/api/v1/saved-views/${created.body.id}/`, { token: rep.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/saved-views/${created.body.id}/`, { token: rep.token })).status).toBe(404);
  });

  it('shows shared views to the team; only the owner or an admin changes them', async () => {
    const priv = await t.request('POST', '/api/v1/saved-views/', { token: rep.token, body: { name: 'Mine', model: 'task', query: 'status=pending' } });
    const shared = await t.request('POST', '/api/v1/saved-views/', {
      token: rep.token,
      body: { name: 'Team pipeline', model: 'opportunity', query: 'stage=proposal', is_shared: true },
    });
    const seen = await t.request('GET', '/api/v1/saved-views/', { token: other.token });
    expect(seen.body.results.map((v: any) => v.id)).toEqual([shared.body.id]);
    expect((await t.request('GET', `/api/v1/saved-views/${priv.body.id}/`, { token: other.token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/saved-views/${shared.body.id}/`, { token: other.token })).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/saved-views/${shared.body.id}/`, { token: other.token, body: { name: 'Hijacked' } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/saved-views/${shared.body.id}/`, { token: other.token })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/saved-views/${priv.body.id}/`, { token: other.token, body: { name: 'x' } })).status).toBe(404);
    // A viewer keeps views of their own.
    expect((await t.request('POST', '/api/v1/saved-views/', { token: other.token, body: { name: 'Viewer view', model: 'lead' } })).status).toBe(201);
    // Admins may edit anyone's.
    const byAdmin = await t.request('PATCH', `/api/v1/saved-views/${shared.body.id}/`, { body: { is_shared: false } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ is_shared: false, owner: { id: rep.id } });
    expect((await t.request('GET', `/api/v1/saved-views/${shared.body.id}/`, { token: other.token })).status).toBe(404);
  });

  it('refuses a bad query, unknown columns and bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', model: 'lead', query: 'colour=red' }, 'query'],
      [{ name: 'x', model: 'lead', query: 'lead_score__gte=abc' }, 'query'],
      [{ name: 'x', model: 'lead', query: 'ordering=-nope' }, 'query'],
      [{ name: 'x', model: 'lead', query: 42 }, 'query'],
      [{ name: 'x', model: 'lead', columns: ['email', 'nope'] }, 'columns'],
      [{ name: 'x', model: 'lead', columns: 'email' }, 'columns'],
      [{ name: 'x', model: 'lead', columns: ['custom_fields.nope'] }, 'columns'],
      [{ name: '', model: 'lead' }, 'name'],
      [{ name: 'n'.repeat(101), model: 'lead' }, 'name'],
      [{ model: 'lead' }, 'name'],
      [{ name: 'x', model: 'user' }, 'model'],
      [{ name: 'x' }, 'model'],
      [{ name: 'x', model: 'lead', is_shared: 'yes' }, 'is_shared'],
      [{ name: 'x', model: 'lead', owner: 'someone' }, 'owner'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', '/api/v1/saved-views/', { token: rep.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    const bad = await t.request('POST', '/api/v1/saved-views/', { token: rep.token, body: { name: 'x', model: 'lead', query: 'colour=red' } });
    expect(bad.body.error.fields.query[0]).toMatch(/colour/);
    const ok = await t.request('POST', '/api/v1/saved-views/', {
      token: rep.token,
      body: { name: 'ok', model: 'lead', query: 'search=acme&page=4&company_name__icontains=a' },
    });
    expect(ok.status).toBe(201);
    const patch = await t.request('PATCH', `/api/v1/saved-views/${ok.body.id}/`, { token: rep.token, body: { model: 'contact' } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.fields).toHaveProperty('model');
    expect((await t.request('GET', '/api/v1/saved-views/?model=widget', { token: rep.token })).status).toBe(400);
  });
});
