import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
let rep: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'rep1');
  other = await t.userWithRole('viewer', 'viewer1');
  for (let i = 0; i < 5; i++) await t.request('POST', '/api/v1/leads/', { body: { email: `l${i}@x.test`, assigned_to: rep.id } });
  await t.request('POST', '/api/v1/tasks/', { body: { title: 'Follow up', assigned_to: rep.id } });
});
afterAll(() => t.stop());

const asRep = { token: () => rep.token };

describe('notifications REST', () => {
  it('lists your own, newest first, with filters and pages', async () => {
    const all = await t.request('GET', '/api/v1/notifications/?page_size=4', { token: asRep.token() });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ count: 6, previous: null, next: `${t.url}/api/v1/notifications/?page_size=4&page=2` });
    expect(all.body.results.map((n: any) => n.seq)).toEqual([6, 5, 4, 3]);
    expect(all.body.results[0]).toMatchObject({ type: 'assignment', entity: 'task', url: expect.stringMatching(/^\/tasks\//), is_read: false, read_at: null });
    const page2 = await t.request('GET', '/api/v1/notifications/?page_size=4&page=2', { token: asRep.token() });
    expect(page2.body.results.map((n: any) => n.seq)).toEqual([2, 1]);

    expect((await t.request('GET', '/api/v1/notifications/?type=mention', { token: asRep.token() })).body.count).toBe(0);
    expect((await t.request('GET', '/api/v1/notifications/?type=assignment,mention', { token: asRep.token() })).body.count).toBe(6);
    expect((await t.request('GET', '/api/v1/notifications/', { token: other.token })).body.count).toBe(0);
  });

  it('marks one and all read, counts unread, deletes; never across users', async () => {
    const list = await t.request('GET', '/api/v1/notifications/', { token: asRep.token() });
    const id = list.body.results[0].id;
    expect((await t.request('POST', `/api/v1/notifications/${id}/mark_read/`, { token: other.token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/notifications/${id}/`, { token: other.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/notifications/${id}/`, { token: other.token })).status).toBe(404);

    const read = await t.request('POST', `/api/v1/notifications/${id}/mark_read/`, { token: asRep.token() });
    expect(read.body).toMatchObject({ id, is_read: true, read_at: expect.any(String) });
    expect((await t.request('GET', '/api/v1/notifications/unread_count/', { token: asRep.token() })).body).toEqual({ unread_count: 5 });
    expect((await t.request('GET', '/api/v1/notifications/?is_read=true', { token: asRep.token() })).body.results.map((n: any) => n.id)).toEqual([id]);
    expect((await t.request('GET', '/api/v1/notifications/?is_read=false', { token: asRep.token() })).body.count).toBe(5);

    expect((await t.request('DELETE', `/api/v1/notifications/${id}/`, { token: asRep.token() })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/notifications/${id}/`, { token: asRep.token() })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/notifications/${id}/`, { token: asRep.token() })).status).toBe(404);

    const all = await t.request('POST', '/api/v1/notifications/mark_all_read/', { token: asRep.token() });
    expect(all.body).toEqual({ marked: 5, unread_count: 0 });
  });

  it('rejects bad and unknown parameters with 400 naming them', async () => {
    const cases: [string, string][] = [
      ['?is_read=maybe', 'is_read'],
      ['?type=gossip', 'type'],
      ['?page=0', 'page'],
      ['?page_size=abc', 'page_size'],
      ['?colour=red', 'colour'],
      ['?is_read=true&is_read=false', 'is_read'],
    ];
    for (const [qs, field] of cases) {
      const res = await t.request('GET', `/api/v1/notifications/${qs}`, { token: asRep.token() });
      expect(res.status, qs).toBe(400);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect((await t.request('GET', '/api/v1/notifications/unread_count/?x=1', { token: asRep.token() })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/notifications/?page=9', { token: asRep.token() })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/notifications/', { token: null })).status).toBe(401);
  });

  it('reads and replaces preferences, validating them', async () => {
    const initial = await t.request('GET', '/api/v1/notifications/preferences/', { token: asRep.token() });
    expect(initial.body.types.assignment).toEqual({ in_app: true, desktop: true });
    const put = await t.request('PUT', '/api/v1/notifications/preferences/', {
      token: asRep.token(),
      body: { types: { assignment: { in_app: false } }, quiet_hours: { enabled: true, start: '21:30', end: '06:00' } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ types: { assignment: { in_app: false, desktop: true } }, quiet_hours: { enabled: true, start: '21:30', end: '06:00' } });
    expect((await t.request('GET', '/api/v1/notifications/preferences/', { token: asRep.token() })).body).toEqual(put.body);

    // Assignments are now off for this user.
    await t.request('POST', '/api/v1/leads/', { body: { email: 'muted@x.test', assigned_to: rep.id } });
    expect((await t.request('GET', '/api/v1/notifications/unread_count/', { token: asRep.token() })).body.unread_count).toBe(0);

    const bad = await t.request('PUT', '/api/v1/notifications/preferences/', {
      token: asRep.token(),
      body: { types: { assignment: { in_app: 'no' } }, quiet_hours: { end: '7am' } },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['quiet_hours.end', 'types.assignment.in_app']);
    // A viewer has preferences too.
    expect((await t.request('PUT', '/api/v1/notifications/preferences/', { token: other.token, body: {} })).status).toBe(200);
  });
});
