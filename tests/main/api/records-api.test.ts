import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('records API', () => {
  it('serves the three example calls of the spec', async () => {
    const acme = await t.request('POST', '/api/v1/companies/', { body: { name: 'Acme', industry: 'technology' } });
    expect(acme.status).toBe(201);
    const contact = await t.request('POST', '/api/v1/contacts/', {
      body: { last_name: 'Smith', first_name: 'Jo', email: 'jo@acme.test', company: acme.body.id, tags: ['vip'] },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.company).toEqual({ id: acme.body.id, name: 'Acme' });
    await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Smithers', email: 'x@other.test', tags: ['vip'] } });

    const contacts = await t.request('GET', '/api/v1/contacts/?search=smith&company=Acme&tags=enterprise,vip&ordering=last_name');
    expect(contacts.status).toBe(200);
    expect(contacts.body.count).toBe(1);
    expect(contacts.body.results[0].email).toBe('jo@acme.test');

    await t.request('POST', '/api/v1/leads/', { body: { email: 'a@acme.test', company_name: 'Acme Corp', status: 'qualified' } });
    await t.request('POST', '/api/v1/leads/', { body: { email: 'b@acme.test', company_name: 'Acme Corp', status: 'new' } });
    const leads = await t.request('GET', '/api/v1/leads/?search=acme&status=qualified&ordering=-created_at&page=1&page_size=20');
    expect(leads.body).toMatchObject({ count: 1, next: null, previous: null });

    const me = await t.request('GET', '/api/v1/auth/me/');
    await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Big', contact: contact.body.id, amount: 75000, close_date: '2024-03-01', stage: 'proposal' },
    });
    await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Small', contact: contact.body.id, amount: 500, close_date: '2024-03-01', stage: 'proposal' },
    });
    const opps = await t.request('GET', `/api/v1/opportunities/?stage=proposal&amount__gte=50000&close_date__gte=2024-01-01&owner=${me.body.id}`);
    expect(opps.body.count).toBe(1);
    expect(opps.body.results[0]).toMatchObject({ name: 'Big', amount: '75000.00', probability: 50, weighted_amount: '37500.00', currency: 'USD' });
  });

  it('filters on a one-hop relation and pages with links', async () => {
    const co = await t.request('POST', '/api/v1/companies/', { body: { name: 'Initech', industry: 'finance' } });
    for (let i = 0; i < 3; i++) {
      await t.request('POST', '/api/v1/contacts/', { body: { last_name: `Banker${i}`, email: `b${i}@initech.test`, company: co.body.id } });
    }
    const page1 = await t.request('GET', '/api/v1/contacts/?company__industry=finance&page_size=2&ordering=last_name');
    expect(page1.body.count).toBe(3);
    expect(page1.body.results.map((c: any) => c.last_name)).toEqual(['Banker0', 'Banker1']);
    expect(page1.body.next).toBe(`${t.url}/api/v1/contacts/?company__industry=finance&page_size=2&ordering=last_name&page=2`);
    const page2 = await t.request('GET', new URL(page1.body.next).pathname + new URL(page1.body.next).search);
    expect(page2.body.results.map((c: any) => c.last_name)).toEqual(['Banker2']);
    expect(page2.body.previous).toBeTruthy();
  });

  it('deletes softly, lists deleted on request and restores', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'gone@x.test' } });
    expect((await t.request('DELETE', `/api/v1/leads/${lead.body.id}/`)).status).toBe(204);
    expect((await t.request('GET', `/api/v1/leads/${lead.body.id}/`)).status).toBe(404);
    const deleted = await t.request('GET', '/api/v1/leads/?deleted_at__isnull=false');
    expect(deleted.body.results.map((l: any) => l.id)).toContain(lead.body.id);
    const restored = await t.request('POST', `/api/v1/leads/${lead.body.id}/restore/`);
    expect(restored.status).toBe(200);
    expect(restored.body.deleted_at).toBeNull();
  });

  it('converts a lead into contact, company and opportunity in one step', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', {
      body: { email: 'new@globex.test', first_name: 'Hank', last_name: 'Scorpio', company_name: 'Globex', estimated_value: 12000 },
    });
    const res = await t.request('POST', `/api/v1/leads/${lead.body.id}/convert/`, { body: { create_opportunity: true } });
    expect(res.status).toBe(200);
    expect(res.body.lead).toMatchObject({ status: 'converted' });
    expect(res.body.lead.converted_at).toBeTruthy();
    expect(res.body.contact).toMatchObject({ email: 'new@globex.test', last_name: 'Scorpio' });
    expect(res.body.company).toMatchObject({ name: 'Globex' });
    expect(res.body.opportunity).toMatchObject({ amount: '12000.00', stage: 'qualification' });
    const again = await t.request('POST', `/api/v1/leads/${lead.body.id}/convert/`, { body: {} });
    expect(again.status).toBe(409);
  });

  it('completes a task and closes a deal with its dates', async () => {
    const task = await t.request('POST', '/api/v1/tasks/', { body: { title: 'Call back', due_date: '2030-01-01T10:00:00Z' } });
    expect(task.body.assigned_to.username).toBe('admin');
    const done = await t.request('POST', `/api/v1/tasks/${task.body.id}/complete/`);
    expect(done.body.status).toBe('completed');
    expect(done.body.completed_at).toBeTruthy();
  });

  it('applies bulk changes all or nothing', async () => {
    const a = await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-a@x.test' } });
    const b = await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk-b@x.test' } });
    const bad = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'update', ids: [a.body.id, 'missing-id'], changes: { priority: 'high' } } });
    expect(bad.status).toBe(404);
    expect((await t.request('GET', `/api/v1/leads/${a.body.id}/`)).body.priority).toBe('medium');
    const ok = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'update', ids: [a.body.id, b.body.id], changes: { priority: 'high' } } });
    expect(ok.status).toBe(200);
    expect((await t.request('GET', `/api/v1/leads/${b.body.id}/`)).body.priority).toBe('high');
  });
});

describe('pipeline summary', () => {
  it('totals every selected opportunity per stage, per currency, with filters and bad input named', async () => {
    const c = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Summary', email: 'summary@x.test' } });
    const deal = (body: Record<string, unknown>) =>
      t.request('POST', '/api/v1/opportunities/', { body: { contact: c.body.id, close_date: '2030-01-01', tags: ['summary'], ...body } });
    await deal({ name: 'A', amount: 1000, stage: 'proposal' });
    await deal({ name: 'B', amount: 500, stage: 'proposal' });
    await deal({ name: 'C', amount: 200, stage: 'proposal', currency: 'EUR' });
    await deal({ name: 'D', amount: 300, stage: 'negotiation' });
    const res = await t.request('GET', '/api/v1/opportunities/summary/?tags=summary');
    expect(res.status).toBe(200);
    const proposal = res.body.groups.find((g: any) => g.key === 'proposal');
    expect(proposal).toEqual({ key: 'proposal', count: 3, amount: { USD: '1500.00', EUR: '200.00' }, weighted_amount: { USD: '750.00', EUR: '100.00' } });
    expect(res.body.groups.map((g: any) => g.key)).toEqual(['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost']);
    expect(res.body.total.count).toBe(4);
    const bad = await t.request('GET', '/api/v1/opportunities/summary/?group_by=colour&amont__gte=5');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['group_by']);
    const badFilter = await t.request('GET', '/api/v1/opportunities/summary/?amont__gte=5');
    expect(Object.keys(badFilter.body.error.fields)).toEqual(['amont__gte']);
  });

  it('searches by a one-letter prefix: every word starting with it, newest first, deleted left out', async () => {
    const ids: string[] = [];
    for (const [first, last] of [
      ['Kira', 'Lund'],
      ['Karl', 'Berg'],
      ['Olaf', 'Kirk'],
      ['Kofi', 'Mensah'],
      ['Kim', 'Park'],
    ]) {
      const res = await t.request('POST', '/api/v1/contacts/', {
        body: { first_name: first, last_name: last, email: `${first.toLowerCase()}@one-letter.example` },
      });
      ids.push(res.body.id);
    }
    await t.request('DELETE', `/api/v1/contacts/${ids[4]}/`);
    const k = await t.request('GET', '/api/v1/contacts/?search=k&page_size=3');
    expect(k.status).toBe(200);
    expect(k.body.count).toBe(4);
    expect(k.body.results.map((c: any) => c.id)).toEqual([ids[3], ids[2], ids[1]]);
    const page2 = await t.request('GET', '/api/v1/contacts/?search=k&page_size=3&page=2');
    expect(page2.body.results.map((c: any) => c.id)).toEqual([ids[0]]);
    // The same search through the table (an ordering takes the general path) agrees.
    const general = await t.request('GET', '/api/v1/contacts/?search=K&ordering=-created_at&page_size=10');
    expect(general.body.results.map((c: any) => c.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect((await t.request('GET', '/api/v1/contacts/?search=ki')).body.count).toBe(2);
  });
});
