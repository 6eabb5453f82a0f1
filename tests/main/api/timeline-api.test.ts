import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

let t: TestServer;
let clock: ManualClock;
let rep: { id: string; token: string };
let company: any;
let contact: any;
let deal: any;
let lead: any;

function expect400(res: ApiResponse, param: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(Object.keys(res.body.error.fields)).toContain(param);
}

const tick = () => clock.advance(60_000);

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z'));
  t = await startTestServer({ clock });
  rep = await t.userWithRole('sales_rep', 'rita');
  tick();
  company = (await t.request('POST', '/api/v1/companies/', { body: { name: 'Acme' } })).body;
  tick();
  contact = (await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Doe', first_name: 'Jo', email: 'jo@acme.test', company: company.id } })).body;
  tick();
  deal = (
    await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Acme deal', contact: contact.id, company: company.id, amount: 1000, close_date: '2025-06-01', stage: 'proposal' },
    })
  ).body;
  tick();
  await t.request('POST', '/api/v1/activities/', {
    body: { activity_type: 'call', subject: 'Intro call', contact: contact.id, occurred_at: clock.now().toISOString() },
    token: rep.token,
  });
  tick();
  await t.request('PATCH', `/api/v1/opportunities/${deal.id}/`, { body: { stage: 'negotiation' } });
  tick();
  const task = (await t.request('POST', '/api/v1/tasks/', { body: { title: 'Send contract', opportunity: deal.id, due_date: '2025-03-01T12:00:00Z' } })).body;
  tick();
  await t.request('POST', '/api/v1/tasks/', { body: { title: 'Old follow-up', contact: contact.id, due_date: '2025-02-01T12:00:00Z' } });
  tick();
  await t.request('POST', `/api/v1/tasks/${task.id}/complete/`);
  tick();
  lead = (await t.request('POST', '/api/v1/leads/', { body: { email: 'new@globex.test', company_name: 'Globex' } })).body;
  tick();
  await t.request('POST', `/api/v1/leads/${lead.id}/convert/`, { body: {} });
  tick();
  await t.request('POST', '/api/v1/activities/', { body: { activity_type: 'note', subject: 'Unrelated note' } });
});
afterAll(() => t.stop());

describe('timeline', () => {
  it('merges every source newest first in the spec shape', async () => {
    const res = await t.request('GET', '/api/v1/timeline/?limit=500');
    expect(res.status).toBe(200);
    const items = res.body.results;
    expect(res.body.count).toBe(items.length);
    const stamps = items.map((i: any) => i.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    const types = new Set(items.map((i: any) => i.type));
    for (const type of ['activity', 'audit', 'task', 'stage_change', 'lead_conversion']) expect(types).toContain(type);
    const call = items.find((i: any) => i.type === 'activity' && i.action === 'call');
    expect(call).toMatchObject({
      description: 'Intro call',
      entity_type: 'contact',
      entity_id: contact.id,
      entity_name: 'Jo Doe',
      user: { id: rep.id, name: 'rita', email: 'rita@example.com' },
    });
    expect(call.id).toMatch(/^activity_/);
    const stage = items.find((i: any) => i.type === 'stage_change');
    expect(stage).toMatchObject({ description: 'Stage changed from Proposal to Negotiation', entity_type: 'opportunity', entity_name: 'Acme deal' });
    expect(items.find((i: any) => i.type === 'lead_conversion')).toMatchObject({ entity_id: lead.id, action: 'converted' });
    const taskActions = items.filter((i: any) => i.type === 'task').map((i: any) => i.action);
    expect(taskActions).toEqual(expect.arrayContaining(['created', 'completed', 'overdue']));
    expect(items.find((i: any) => i.type === 'audit').id).toMatch(/^audit_/);
  });

  it('pages beyond the limit with a cursor, without gaps or repeats', async () => {
    const all = (await t.request('GET', '/api/v1/timeline/?limit=500')).body.results.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await t.request('GET', `/api/v1/timeline/?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.results.map((i: any) => i.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('filters by dates, entity type, types, activity kinds and user', async () => {
    const tasks = await t.request('GET', '/api/v1/timeline/?activity_types=task');
    expect(tasks.body.results.every((i: any) => i.type === 'task')).toBe(true);
    const calls = await t.request('GET', '/api/v1/timeline/?activity_types=call');
    expect(calls.body.results.map((i: any) => i.description)).toEqual(['Intro call']);
    const byRep = await t.request('GET', `/api/v1/timeline/?user_id=${rep.id}`);
    expect(byRep.body.results.length).toBeGreaterThan(0);
    expect(byRep.body.results.every((i: any) => i.user?.id === rep.id)).toBe(true);
    const leads = await t.request('GET', '/api/v1/timeline/?entity_type=lead');
    expect(leads.body.results.every((i: any) => i.entity_type === 'lead')).toBe(true);
    const late = await t.request('GET', '/api/v1/timeline/?start_date=2025-03-01T09:08:00Z');
    expect(late.body.results.every((i: any) => i.timestamp >= '2025-03-01T09:08:00.000Z')).toBe(true);
    const early = await t.request('GET', '/api/v1/timeline/?end_date=2025-02-28');
    expect(early.body.results.map((i: any) => i.action)).toEqual(['overdue']);
    const oneDeal = await t.request('GET', `/api/v1/timeline/?entity_type=opportunity&entity_id=${deal.id}`);
    // The deal and its related records (its tasks), nothing else.
    expect(oneDeal.body.results.every((i: any) => i.entity_id === deal.id || i.entity_type === 'task')).toBe(true);
    expect(oneDeal.body.results.some((i: any) => i.type === 'stage_change')).toBe(true);
  });

  it('shows a company with its contacts and deals', async () => {
    const res = await t.request('GET', `/api/v1/timeline/company/${company.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entity_type: 'company', entity_id: company.id, entity_name: 'Acme' });
    expect(res.body.count).toBe(res.body.timeline.length);
    const entities = new Set(res.body.timeline.map((i: any) => i.entity_id));
    expect(entities).toContain(contact.id);
    expect(entities).toContain(deal.id);
    expect(res.body.timeline.some((i: any) => i.description === 'Intro call')).toBe(true);
    expect(res.body.timeline.some((i: any) => i.description === 'Unrelated note')).toBe(false);
    const audit = res.body.timeline.find((i: any) => i.type === 'audit');
    expect(typeof audit.user).toBe('string');
    expect(Array.isArray(audit.changes)).toBe(true);
    const contactLine = await t.request('GET', `/api/v1/timeline/contact/${contact.id}/?activity_types=task`);
    expect(contactLine.body.timeline.map((i: any) => i.action)).toEqual(expect.arrayContaining(['created', 'completed', 'overdue']));
  });

  it('answers the user routes without clashing with entity routes', async () => {
    const mine = await t.request('GET', '/api/v1/timeline/user/', { token: rep.token });
    expect(mine.status).toBe(200);
    expect(mine.body.user).toMatchObject({ id: rep.id, name: 'rita' });
    expect(mine.body.results.every((i: any) => i.user?.id === rep.id)).toBe(true);
    const theirs = await t.request('GET', `/api/v1/timeline/user/${rep.id}/`);
    expect(theirs.body.results.map((i: any) => i.id)).toEqual(mine.body.results.map((i: any) => i.id));
    expect((await t.request('GET', '/api/v1/timeline/user/01900000-0000-7000-8000-000000000000/')).status).toBe(404);
  });

  it('refuses bad input with a 400 naming the parameter', async () => {
    expect400(await t.request('GET', '/api/v1/timeline/?limit=0'), 'limit');
    expect400(await t.request('GET', '/api/v1/timeline/?limit=501'), 'limit');
    expect400(await t.request('GET', '/api/v1/timeline/?start_date=tomorrow'), 'start_date');
    expect400(await t.request('GET', '/api/v1/timeline/?entity_type=spaceship'), 'entity_type');
    expect400(await t.request('GET', `/api/v1/timeline/?entity_id=${deal.id}`), 'entity_type');
    expect400(await t.request('GET', '/api/v1/timeline/?activity_types=call,party'), 'activity_types');
    expect400(await t.request('GET', '/api/v1/timeline/?user_id=nobody'), 'user_id');
    expect400(await t.request('GET', '/api/v1/timeline/?cursor=garbage'), 'cursor');
    expect400(await t.request('GET', '/api/v1/timeline/?colour=red'), 'colour');
    expect400(await t.request('GET', `/api/v1/timeline/spaceship/${deal.id}/`), 'entity_type');
    expect400(await t.request('GET', `/api/v1/timeline/company/${company.id}/?entity_type=lead`), 'entity_type');
    expect((await t.request('GET', '/api/v1/timeline/lead/01900000-0000-7000-8000-000000000000/')).status).toBe(404);
  });
});
