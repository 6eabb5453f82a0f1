import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const find = (query: string) => t.request('GET', `/api/v1/duplicates/?${query}`);

describe('possible duplicates API', () => {
  it('finds a contact by email (any case) or by first and last name, and says why', async () => {
    const ada = (await t.request('POST', '/api/v1/contacts/', { body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@engines.test' } })).body;
    const byEmail = await find('model=contact&email=ADA@Engines.test');
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.results).toEqual([{ model: 'contact', id: ada.id, label: 'Ada Lovelace <ada@engines.test>', reasons: ['same email'] }]);
    const both = await find('model=contact&email=ada@engines.test&first_name=ada&last_name=LOVELACE');
    expect(both.body.results[0].reasons).toEqual(['same email', 'same name']);
    expect((await find(`model=contact&email=ada@engines.test&exclude=${ada.id}`)).body.results).toEqual([]);
    expect((await find('model=contact&email=someone@else.test')).body.results).toEqual([]);
  });

  it('compares a new lead with contacts too, and a company by name or domain', async () => {
    await t.request('POST', '/api/v1/contacts/', { body: { first_name: 'Grace', last_name: 'Hopper', email: 'grace@navy.test' } });
    const lead = await find('model=lead&email=grace@navy.test');
    expect(lead.body.results.map((c: { model: string; reasons: string[] }) => [c.model, c.reasons])).toEqual([['contact', ['same email as a contact']]]);
    const acme = (await t.request('POST', '/api/v1/companies/', { body: { name: 'Acme Corp', domain: 'acme.test' } })).body;
    expect((await find('model=company&name=acme corp')).body.results.map((c: { id: string }) => c.id)).toEqual([acme.id]);
    expect((await find('model=company&domain=https://www.acme.test/about')).body.results[0]).toMatchObject({ id: acme.id, reasons: ['same domain'] });
  });

  it('refuses a bad question with 400 naming the parameter', async () => {
    const noModel = await find('email=a@b.test');
    expect(noModel.status).toBe(400);
    expect(noModel.body.error.fields.model).toBeDefined();
    const nothing = await find('model=contact');
    expect(nothing.status).toBe(400);
    const unknown = await find('model=contact&email=a@b.test&phone=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.phone).toBeDefined();
  });
});

describe('merging duplicates', () => {
  it('keeps one record with the chosen fields, moves linked records to it, deletes the duplicate; undo puts everything back', async () => {
    const keep = (await t.request('POST', '/api/v1/companies/', { body: { name: 'Initech', domain: 'initech.test', industry: 'technology' } })).body;
    const dupe = (await t.request('POST', '/api/v1/companies/', { body: { name: 'Initech Inc', domain: 'initech.test', phone: '+1 555 0100' } })).body;
    const contact = (
      await t.request('POST', '/api/v1/contacts/', { body: { first_name: 'Peter', last_name: 'Gibbons', email: 'peter@initech.test', company: dupe.id } })
    ).body;
    const task = (await t.request('POST', '/api/v1/tasks/', { body: { title: 'TPS reports', company: dupe.id } })).body;

    const merged = await t.request('POST', '/api/v1/duplicates/merge/', { body: { model: 'company', keep: keep.id, merge: dupe.id, take: ['phone'] } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ kept_id: keep.id, moved: 2 });
    const after = (await t.request('GET', `/api/v1/companies/${keep.id}/`)).body;
    expect(after).toMatchObject({ name: 'Initech', phone: '+1 555 0100', industry: 'technology' });
    expect((await t.request('GET', `/api/v1/contacts/${contact.id}/`)).body.company.id).toBe(keep.id);
    expect((await t.request('GET', `/api/v1/tasks/${task.id}/`)).body.company.id).toBe(keep.id);
    expect((await t.request('GET', `/api/v1/companies/${dupe.id}/`)).status).toBe(404);

    const undone = await t.request('POST', `/api/v1/duplicates/merges/${merged.body.id}/undo/`);
    expect(undone.status).toBe(200);
    expect((await t.request('GET', `/api/v1/companies/${dupe.id}/`)).body.name).toBe('Initech Inc');
    expect((await t.request('GET', `/api/v1/companies/${keep.id}/`)).body.phone).toBeNull();
    expect((await t.request('GET', `/api/v1/contacts/${contact.id}/`)).body.company.id).toBe(dupe.id);
    expect((await t.request('GET', `/api/v1/tasks/${task.id}/`)).body.company.id).toBe(dupe.id);
    expect((await t.request('POST', `/api/v1/duplicates/merges/${merged.body.id}/undo/`)).status).toBe(409);
  });

  it('refuses a bad merge with 400 naming the field, and writes nothing', async () => {
    const a = (await t.request('POST', '/api/v1/leads/', { body: { email: 'a@merge.test', first_name: 'A' } })).body;
    const self = await t.request('POST', '/api/v1/duplicates/merge/', { body: { model: 'lead', keep: a.id, merge: a.id } });
    expect(self.status).toBe(400);
    expect(self.body.error.fields.merge).toBeDefined();
    const missing = await t.request('POST', '/api/v1/duplicates/merge/', {
      body: { model: 'lead', keep: a.id, merge: '00000000-0000-0000-0000-000000000000' },
    });
    expect(missing.status).toBe(400);
    const readOnly = await t.request('POST', '/api/v1/duplicates/merge/', { body: { model: 'lead', keep: a.id, merge: a.id + 'x', take: ['converted_at'] } });
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.error.fields.take).toBeDefined();
    expect((await t.request('GET', `/api/v1/leads/${a.id}/`)).body.first_name).toBe('A');
  });
});
