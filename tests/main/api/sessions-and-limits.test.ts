import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../../src/main/api/create-app';
import { IMPORT_BODY_LIMIT } from '../../../src/shared/contract/data-transfer-operations';
import { ADMIN, startTestServer, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';
import { TestSocket } from '../../helpers/ws-client';

/**
 * Issue 10, security defects 4 (denial of service), 5 (sign-in limiting) and 6 (sessions).
 * Each server is fresh: the sign-in limits are shared state.
 */
let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const signIn = (username: string, password: string) => t.request('POST', '/api/v1/auth/token/', { token: null, body: { username, password } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function apiToken(token: string): Promise<{ id: string; token: string }> {
  const res = await t.request('POST', '/api/v1/auth/api-tokens/', { token, body: { name: 'socket' } });
  return { id: res.body.id, token: res.body.token };
}

describe('defect 5: sign-in limiting', () => {
  it('a spray of 25 random names does not lock the other users out: the owner is in at once', async () => {
    t = await startTestServer();
    const spray: number[] = [];
    // 25: past the source's 20 failures, so the last five are checked with the source spent
    // (each check is a real scrypt, about half a second on a loaded 2-core machine).
    for (let i = 0; i < 25; i++) spray.push((await signIn(`nobody-${i}-${Math.random()}`, 'wrong-password')).status);
    // Each unknown name is limited as an account would be: tried once, each is answered as a
    // wrong password for a real account would be (no 429 telling a sprayer which names exist).
    expect(spray.filter((s) => s === 401).length).toBe(25);
    const res = await signIn(ADMIN.username, ADMIN.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }, 60_000);

  it('a source that has failed too often is slowed, yet a correct password of an account not under attack gets in', async () => {
    // A still clock: the source's bucket does not refill while the scrypt checks run.
    t = await startTestServer({ clock: new ManualClock() });
    const names = ['ann', 'bea', 'cal'];
    for (const name of names) {
      const res = await t.request('POST', '/api/v1/users/', { body: { username: name, email: `${name}@example.com`, password: `${name}-password-1` } });
      expect(res.status).toBe(201);
    }
    // A spray of a wrong password across real accounts: ann and bea take ten failures each,
    // which empties this source's bucket of twenty.
    for (let i = 0; i < 10; i++) for (const name of ['ann', 'bea']) expect((await signIn(name, `guess-${i}`)).status).toBe(401);
    // cal has no failure yet: one guess is checked, and then the source is slowed for cal too.
    expect((await signIn('cal', 'guess-0')).status).toBe(401);
    const slowed = await signIn('cal', 'guess-1');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password of an account the spray has not touched is checked and accepted...
    expect((await signIn(ADMIN.username, ADMIN.password)).status).toBe(200);
    // ...and cal's own right password waits for the source (cal is under attack), without a lock-out of minutes.
    const calRight = await signIn('cal', 'cal-password-1');
    expect(calRight.status).toBe(429);
    expect(Number(calRight.headers.get('retry-after'))).toBeLessThanOrEqual(5);
  });

  it('the username and the email of one account share one limit', async () => {
    t = await startTestServer();
    for (let i = 0; i < 5; i++) expect((await signIn(ADMIN.username, 'wrong')).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await signIn(ADMIN.email, 'wrong')).status).toBe(401);
    expect((await signIn(ADMIN.email.toUpperCase(), 'wrong')).status).toBe(429);
    expect((await signIn(ADMIN.username, ADMIN.password)).status).toBe(429);
  });

  it('concurrent wrong passwords are counted before the password check', async () => {
    t = await startTestServer();
    const results = await Promise.all(Array.from({ length: 16 }, () => signIn(ADMIN.username, 'wrong')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(6);
  });

  it('concurrent wrong passwords from an emptied source: only the first for a fresh account is checked', async () => {
    t = await startTestServer({ clock: new ManualClock() });
    // Twenty failures of unknown names and one account empty the source's bucket.
    for (let i = 0; i < 10; i++) await signIn(`nobody-${i}`, 'wrong');
    for (let i = 0; i < 10; i++) await signIn(ADMIN.email, 'wrong');
    // From the emptied source an unknown name is answered as a real one with no failure (401,
    // then 429), so the answers do not tell which names exist.
    expect((await signIn('nobody-new', 'wrong')).status).toBe(401);
    expect((await signIn('nobody-new', 'wrong')).status).toBe(429);
    const res = await t.request('POST', '/api/v1/users/', { body: { username: 'dee', email: 'dee@example.com', password: 'dee-password-1' } });
    expect(res.status).toBe(201);
    const results = await Promise.all(Array.from({ length: 16 }, () => signIn('dee', 'wrong')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(1);
    expect(statuses.filter((s) => s === 429).length).toBe(15);
  });
});

describe('defect 6: open sockets are re-checked', () => {
  it("a deactivated user's socket is closed (4401) before the next frame", async () => {
    t = await startTestServer();
    const rep = await t.userWithRole('sales_rep', 'leaving');
    const socket = await TestSocket.connect(t.url, '/ws/activity/', rep.token);
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}/`, { body: { is_active: false } })).status).toBe(200);
    await t.request('POST', '/api/v1/leads/', { body: { email: 'after@x.test' } });
    await t.request('POST', '/api/v1/leads/', { body: { email: 'after2@x.test' } });
    expect((await socket.closed).code).toBe(4401);
    expect(socket.messages.filter((m) => m.type === 'lead_update')).toEqual([]);
  });

  it('a socket opened with an API token is closed when the token is revoked', async () => {
    t = await startTestServer();
    const rep = await t.userWithRole('sales_rep', 'scripter');
    const key = await apiToken(rep.token);
    const socket = await TestSocket.connect(t.url, '/ws/notifications/', key.token);
    expect((await t.request('DELETE', `/api/v1/auth/api-tokens/${key.id}/`, { token: rep.token })).status).toBe(204);
    expect((await socket.closed).code).toBe(4401);
  });

  it('a socket is closed when its access token expires', async () => {
    const clock = new ManualClock(Date.now());
    t = await startTestServer({ clock, sessionRecheckMs: 50 });
    const socket = await TestSocket.connect(t.url, '/ws/activity/', t.adminToken);
    clock.advance(16 * 60_000);
    expect((await socket.closed).code).toBe(4401);
  });
});

describe('defect 4: denial of service', () => {
  it('refuses a pattern too complex to check quickly, and bounds what a viewer can make it match', async () => {
    t = await startTestServer();
    const slow = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'slow', label: 'Slow', field_type: 'textarea', content_type: 'lead', regex_pattern: '(.*a){1000}' },
    });
    expect(slow.status).toBe(400);
    expect(Object.keys(slow.body.error.fields)).toContain('regex_pattern');
    const edge = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'edge', label: 'Edge', field_type: 'textarea', content_type: 'lead', regex_pattern: '(.*a){99}' },
    });
    expect(edge.status, JSON.stringify(edge.body)).toBe(201);
    const viewer = await t.userWithRole('viewer', 'prober');
    const res = await t.request('POST', `/api/v1/custom-fields/${edge.body.id}/validate_value/`, { token: viewer.token, body: { value: 'a'.repeat(100_000) } });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.errors[0]).toMatch(/no more than \d+ characters/);
  });

  it('caps what a resume replays and refuses a flood of resumes', async () => {
    t = await startTestServer();
    // 1,200 single writes (an import is one bulk batch: one records_arrived, no per-record messages).
    const { records } = t.server.engine;
    records.transaction(() => {
      for (let i = 0; i < 1200; i++) records.create('lead', { email: `r${i}@x.test` }, { actor: null, origin: 'api' });
    });
    const socket = await TestSocket.connect(t.url, '/ws/activity/', t.adminToken);
    for (let i = 0; i < 20; i++) socket.send({ type: 'resume', last_seq: 0 });
    await socket.next((m) => m.type === 'error' && m.code === 'rate_limited', 10_000);
    await sleep(500);
    const replayed = socket.messages.filter((m) => m.type === 'lead_update').length;
    expect(replayed).toBe(5 * 1000);
    expect(socket.messages.filter((m) => m.type === 'error' && m.code === 'rate_limited').length).toBe(15);
    socket.ws.close();
  });

  it('times out stalled requests and names the import limit in its 413', async () => {
    t = await startTestServer();
    expect(t.server.app.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(60_000);
    const res = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv: `email\n${'a@x.test\n'.repeat(IMPORT_BODY_LIMIT / 9 + 10)}` } });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('20 MiB');
  });
});
