import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import { startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';

/**
 * Issue 10, security defects 1, 3 and 7: each case failed on the code before the fix
 * (a revert escalated privileges, a prototype-named key was a 500, filters gave wrong
 * answers). Every answer is checked for its status and, where a write was refused, that the
 * store did not change.
 */
let t: TestServer;
const ANY_ID = '01900000-0000-7000-8000-000000000000';
const HOSTILE = ['toString', 'hasOwnProperty', 'valueOf', 'constructor', '__proto__'];

function expect4xx(res: ApiResponse, status: number, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (field) expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body.error)).toContain(field);
}

async function createEntryOf(userId: string): Promise<string> {
  const res = await t.request('GET', `/api/v1/audit-trail/?model=user&object_id=${userId}&action=create`);
  expect(res.status).toBe(200);
  return res.body.results[0].id as string;
}

const user = async (id: string) => (await t.request('GET', `/api/v1/users/${id}/`)).body;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe("defect 1: revert, as-of and snapshots apply the users endpoints' rules", () => {
  it('a demoted manager cannot revert their own role back', async () => {
    const m = await t.userWithRole('manager', 'demoted');
    const created = await createEntryOf(m.id);
    expect((await t.request('PATCH', `/api/v1/users/${m.id}/`, { body: { role: 'sales_rep' } })).status).toBe(200);
    const res = await t.request('POST', `/api/v1/records/user/${m.id}/revert/`, { token: m.token, body: { to: created } });
    expect4xx(res, 400, 'role');
    expect((await user(m.id)).role).toBe('sales_rep');
  });

  it("a manager cannot reactivate a deactivated user, demote an admin or edit an admin's account", async () => {
    const manager = await t.userWithRole('manager', 'boss');
    const gone = await t.userWithRole('sales_rep', 'leaver');
    const goneCreated = await createEntryOf(gone.id);
    await t.request('PATCH', `/api/v1/users/${gone.id}/`, { body: { is_active: false } });
    expect4xx(await t.request('POST', `/api/v1/records/user/${gone.id}/revert/`, { token: manager.token, body: { to: goneCreated } }), 403);
    expect((await user(gone.id)).is_active).toBe(false);
    expect((await t.request('POST', '/api/v1/auth/token/', { token: null, body: { username: 'leaver', password: 'leaver-password-1' } })).status).toBe(401);

    const promoted = await t.userWithRole('viewer', 'promoted');
    const promotedCreated = await createEntryOf(promoted.id);
    await t.request('PATCH', `/api/v1/users/${promoted.id}/`, { body: { role: 'admin', email: 'new-admin@example.com' } });
    expect4xx(await t.request('POST', `/api/v1/records/user/${promoted.id}/revert/`, { token: manager.token, body: { to: promotedCreated } }), 403);
    expect4xx(
      await t.request('POST', `/api/v1/records/user/${promoted.id}/revert/`, { token: manager.token, body: { to: promotedCreated, fields: ['email'] } }),
      403,
    );
    const after = await user(promoted.id);
    expect([after.role, after.email]).toEqual(['admin', 'new-admin@example.com']);
  });

  it('a user may still revert their own self-editable fields', async () => {
    const rep = await t.userWithRole('sales_rep', 'phoner');
    const created = await createEntryOf(rep.id);
    await t.request('PATCH', '/api/v1/auth/me/', { token: rep.token, body: { phone: '+1 555 0100' } });
    const res = await t.request('POST', `/api/v1/records/user/${rep.id}/revert/`, { token: rep.token, body: { to: created, fields: ['phone'] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reverted_fields).toEqual(['phone']);
  });

  it('as-of and snapshots show a manager the brief form of another account, as /users/{id}/ does', async () => {
    const manager = await t.userWithRole('manager', 'reader');
    const rep = await t.userWithRole('sales_rep', 'private');
    await t.request('PATCH', '/api/v1/auth/me/', { token: rep.token, body: { phone: '+1 555 0199' } });
    const entry = await createEntryOf(rep.id);
    const asOf = await t.request('GET', `/api/v1/records/user/${rep.id}/as-of/?at=${entry}`, { token: manager.token });
    expect(asOf.status).toBe(200);
    expect(Object.keys(asOf.body.values)).not.toContain('phone');
    expect(Object.keys(asOf.body.values)).not.toContain('last_login');
    const asAdmin = await t.request('GET', `/api/v1/records/user/${rep.id}/as-of/?at=${entry}`);
    expect(Object.keys(asAdmin.body.values)).toContain('phone');

    await t.request('DELETE', `/api/v1/users/${rep.id}/`);
    const snaps = await t.request('GET', `/api/v1/audit-trail/snapshots/?model=user&object_id=${rep.id}`, { token: manager.token });
    expect(snaps.status).toBe(200);
    expect(snaps.body.results.length).toBeGreaterThan(0);
    for (const s of snaps.body.results) expect(JSON.stringify(s.data)).not.toContain('0199');
    const trail = await t.request('GET', `/api/v1/audit-trail/?model=user&object_id=${rep.id}`, { token: manager.token });
    expect(JSON.stringify(trail.body)).not.toContain('0199');
  });
});

describe('defect 3: hostile keys and deep JSON are a 400 at the transport, never a 500', () => {
  const writes = OPERATIONS.filter((op) => ['POST', 'PATCH', 'PUT'].includes(op.method));
  const lists = OPERATIONS.filter((op) => op.method === 'GET' && op.id.endsWith('.list') && !op.path.includes('{'));
  const fill = (path: string) => path.replace(/\{\w+\}/g, ANY_ID).replace('/records/{model}/', '/records/lead/');

  it('refuses every prototype-named body key on every write route, viewer included', async () => {
    const viewer = await t.userWithRole('viewer', 'hostile-viewer');
    for (const op of writes) {
      for (const key of HOSTILE) {
        const res = await t.request(op.method, fill(op.path), {
          token: viewer.token,
          rawBody: `{"a":{"${key}":1}}`,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, `${op.id} ${key}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
    }
  });

  it('refuses prototype-named query parameters on every list endpoint', async () => {
    expect(lists.length).toBeGreaterThanOrEqual(7);
    for (const op of lists) {
      for (const key of HOSTILE) {
        const res = await t.request('GET', `${op.path}?${encodeURIComponent(key)}=1`);
        expect(res.status, `${op.id} ${key}: ${JSON.stringify(res.body)}`).toBe(400);
      }
    }
    for (const key of HOSTILE) {
      expect4xx(await t.request('GET', `/api/v1/leads/export/?fields=id,${encodeURIComponent(key)}`), 400, 'fields');
      expect4xx(await t.request('GET', `/api/v1/leads/?ordering=${encodeURIComponent(key)}`), 400, 'ordering');
    }
  });

  it('refuses JSON nested 5,000 deep on the profile, user and bulk routes', async () => {
    const viewer = await t.userWithRole('viewer', 'deep-viewer');
    // ~30 KB: objects nested 5,000 deep, as in the report, and lists the same.
    const deepObjects = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepLists = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    // Under keys the routes accept, so the nesting reaches their validators.
    const prefs = (deep: string) => `{"notification_preferences":${deep}}`;
    const changes = (deep: string) => `{"action":"update","ids":["${ANY_ID}"],"changes":{"custom_fields":${deep}}}`;
    const targets: [string, string, string | undefined, (deep: string) => string][] = [
      ['PATCH', '/api/v1/auth/me/', viewer.token, prefs],
      ['PATCH', `/api/v1/users/${viewer.id}/`, undefined, prefs],
      ['POST', '/api/v1/users/', undefined, prefs],
      ...OPERATIONS.filter((op) => op.path.endsWith('/bulk/')).map(
        (op) => [op.method, op.path, undefined, changes] as [string, string, undefined, typeof changes],
      ),
    ];
    for (const [method, path, token, wrap] of targets) {
      for (const deep of [deepObjects, deepLists]) {
        const res = await t.request(method, path, { token, rawBody: wrap(deep), headers: { 'content-type': 'application/json' } });
        expect(res.status, `${method} ${path}`).toBe(400);
      }
    }
  });

  it("refuses unknown keys inside a conversion's opportunity", async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'convert@x.test', company_name: 'Convert Co' } });
    const res = await t.request('POST', `/api/v1/leads/${lead.body.id}/convert/`, {
      body: { create_opportunity: true, opportunity: { name: 'Deal', probabilty: 50 } },
    });
    expect4xx(res, 400, 'opportunity.probabilty');
    expect((await t.request('GET', `/api/v1/leads/${lead.body.id}/`)).body.status).not.toBe('converted');
  });
});

describe('defect 7: smaller input defects', () => {
  it('non-admins filter and order users on the brief fields only', async () => {
    const rep = await t.userWithRole('sales_rep', 'nosy');
    expect4xx(await t.request('GET', '/api/v1/users/?phone=1', { token: rep.token }), 400, 'phone');
    expect4xx(await t.request('GET', '/api/v1/users/?last_login__gte=2020-01-01', { token: rep.token }), 400, 'last_login__gte');
    expect4xx(await t.request('GET', '/api/v1/users/?ordering=-last_login', { token: rep.token }), 400, 'ordering');
    expect((await t.request('GET', '/api/v1/users/?ordering=-last_login&phone__isnull=true')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/users/?role=admin', { token: rep.token })).body.count).toBeGreaterThan(0);
  });

  it('startswith counts an emoji as one character, tags__all ignores repeats', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'emoji@x.test', first_name: '😀bcdef', tags: ['alpha'] } });
    expect(lead.status).toBe(201);
    const starts = await t.request('GET', `/api/v1/leads/?first_name__startswith=${encodeURIComponent('😀b')}`);
    expect(starts.body.results.map((r: { id: string }) => r.id)).toEqual([lead.body.id]);
    const ends = await t.request('GET', `/api/v1/leads/?first_name__endswith=${encodeURIComponent('ef')}`);
    expect(ends.body.results.map((r: { id: string }) => r.id)).toContain(lead.body.id);
    const all = await t.request('GET', '/api/v1/leads/?tags__all=alpha,alpha');
    expect(all.body.results.map((r: { id: string }) => r.id)).toEqual([lead.body.id]);
  });

  it('search uses every word, and refuses more than it can use', async () => {
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa'.split(' ');
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'words@x.test', company_name: words.join(' ') } });
    const found = await t.request('GET', `/api/v1/leads/?search=${encodeURIComponent(words.join(' '))}`);
    expect(found.body.results.map((r: { id: string }) => r.id)).toEqual([lead.body.id]);
    const seventeenth = await t.request('GET', `/api/v1/leads/?search=${encodeURIComponent(`${words.join(' ')} quebec`)}`);
    expect(seventeenth.status).toBe(200);
    expect(seventeenth.body.count).toBe(0);
    expect4xx(await t.request('GET', `/api/v1/leads/?search=${encodeURIComponent(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))}`), 400, 'search');
  });

  it('refuses impossible datetimes instead of storing another time', async () => {
    for (const bad of ['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60:00Z']) {
      expect4xx(await t.request('POST', '/api/v1/leads/', { body: { email: 'when@x.test', next_follow_up: bad } }), 400, 'next_follow_up');
    }
    const ok = await t.request('POST', '/api/v1/leads/', { body: { email: 'when@x.test', next_follow_up: '2024-02-29T10:00:00Z' } });
    expect(ok.body.next_follow_up).toMatch(/^2024-02-29T10:00:00/);
  });

  it('neutralises a full-width formula character at the start of a CSV cell', async () => {
    await t.request('POST', '/api/v1/leads/', { body: { email: 'csv@x.test', first_name: '＝HYPERLINK("x")' } });
    const csv = await t.request('GET', '/api/v1/leads/export/?fields=email,first_name&email=csv@x.test');
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain(`csv@x.test,"'＝HYPERLINK(""x"")"`);
  });
});
