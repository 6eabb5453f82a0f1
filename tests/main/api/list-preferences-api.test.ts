import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
let rep: { id: string; token: string };
const path = (entity: string) => `/api/v1/preferences/list-columns/${entity}/`;

beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'prefrep');
  const field = (body: Record<string, unknown>) => t.request('POST', '/api/v1/custom-fields/', { body: { content_type: 'lead', ...body } });
  expect((await field({ name: 'region', label: 'Region', field_type: 'select', options: [{ value: 'emea', label: 'Europe' }] })).status).toBe(201);
  expect((await field({ name: 'margin', label: 'Margin', field_type: 'decimal', visible_to_roles: ['manager'] })).status).toBe(201);
});
afterAll(() => t.stop());

describe('column choice per user', () => {
  it('is empty until chosen, then kept in order with widths', async () => {
    const empty = await t.request('GET', path('lead'));
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ entity: 'lead', columns: null, widths: {}, updated_at: null });

    const put = await t.request('PUT', path('lead'), { body: { columns: ['status', 'custom_fields.region', 'email'], widths: { email: 300 } } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ entity: 'lead', columns: ['status', 'custom_fields.region', 'email'], widths: { email: 300 } });
    const again = await t.request('PUT', path('lead'), { body: { columns: ['email', 'status'] } });
    expect(again.body).toMatchObject({ columns: ['email', 'status'], widths: {} });
    expect((await t.request('GET', path('lead'))).body.columns).toEqual(['email', 'status']);
    // One document per person and list, rewritten in place; a personal setting is not team history.
    expect(t.server.engine.db.prepare("SELECT count(*) AS n FROM list_preferences WHERE entity = 'lead'").get()).toEqual({ n: 1 });
    expect(t.server.engine.db.prepare("SELECT count(*) AS n FROM audit_entries WHERE model = 'list_preference'").get()).toEqual({ n: 0 });
  });

  it("keeps each user's choice apart, per list", async () => {
    await t.request('PUT', path('contact'), { body: { columns: ['email', 'job_title'] } });
    expect((await t.request('GET', path('contact'), { token: rep.token })).body.columns).toBeNull();
    const mine = await t.request('PUT', path('contact'), { token: rep.token, body: { columns: ['company', 'created_at'] } });
    expect(mine.status).toBe(200);
    expect((await t.request('GET', path('contact'), { token: rep.token })).body.columns).toEqual(['company', 'created_at']);
    expect((await t.request('GET', path('contact'))).body.columns).toEqual(['email', 'job_title']);
  });

  it('refuses unknown columns, hidden custom fields, repeats and bad widths with a 400 naming them; nothing is written', async () => {
    const before = (await t.request('GET', path('lead'), { token: rep.token })).body;
    const cases: [unknown, string[]][] = [
      [{ columns: ['email', 'colour'] }, ['columns']],
      [{ columns: ['custom_fields.margin'] }, ['columns']],
      [{ columns: ['custom_fields.nothing'] }, ['columns']],
      [{ columns: ['id'] }, ['columns']],
      [{ columns: ['email', 'email'] }, ['columns']],
      [{ columns: [] }, ['columns']],
      [{ columns: 'email' }, ['columns']],
      [{ columns: ['email'], widths: { status: 200 } }, ['widths']],
      // Checked by the contract's schema, which names the entry by its path.
      [{ columns: ['email'], widths: { email: 5 } }, ['widths.email']],
      [{ columns: ['email'], colour: 'red' }, ['colour']],
      [['email'], ['non_field_errors']],
    ];
    for (const [body, fields] of cases) {
      const res = await t.request('PUT', path('lead'), { token: rep.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields), JSON.stringify(body)).toEqual(fields);
    }
    const unknownModel = await t.request('GET', path('spaceship'));
    expect(unknownModel.status).toBe(400);
    expect(Object.keys(unknownModel.body.error.fields)).toEqual(['entity']);
    expect((await t.request('GET', path('lead'), { token: rep.token })).body).toEqual(before);
    // An admin sees every custom field, so may show it.
    expect((await t.request('PUT', path('lead'), { body: { columns: ['custom_fields.margin'] } })).status).toBe(200);
  });

  it('drops a custom field from the choice once it is deleted', async () => {
    const f = await t.request('POST', '/api/v1/custom-fields/', { body: { content_type: 'task', name: 'effort', label: 'Effort', field_type: 'number' } });
    await t.request('PUT', path('task'), { body: { columns: ['status', 'custom_fields.effort'], widths: { 'custom_fields.effort': 120 } } });
    expect((await t.request('DELETE', `/api/v1/custom-fields/${f.body.id}/`)).status).toBe(204);
    expect((await t.request('GET', path('task'))).body).toMatchObject({ columns: ['status'], widths: {} });
  });

  it('reads a stored layout defensively (it may come from another install of the same person)', async () => {
    await t.request('PUT', path('company'), { body: { columns: ['industry'] } });
    const row = t.server.engine.db.prepare("SELECT id FROM list_preferences WHERE entity = 'company'").get() as { id: string };
    const me = (await t.request('GET', '/api/v1/auth/me/')).body;
    t.server.engine.records.update(
      'list_preference',
      row.id,
      { layout: { columns: ['industry', 7, 'colour', 'industry'], widths: { industry: 'wide' } } },
      { actor: me.id, origin: 'api' },
    );
    const res = await t.request('GET', path('company'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ columns: ['industry'], widths: {} });
  });

  it('needs a signed-in caller', async () => {
    expect((await t.request('GET', path('lead'), { token: null })).status).toBe(401);
  });
});
