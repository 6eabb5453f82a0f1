import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { ADMIN, startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

/**
 * Auth over real HTTP: sign-in, tokens, sessions, personal API tokens and roles. The server
 * runs on a manual clock, so token expiry is reached by moving time rather than waiting.
 * Sign-in attempts are rate limited per client (all requests here come from 127.0.0.1), so
 * each test starts in a fresh rate-limit window.
 */
const clock = new ManualClock();
let t: TestServer;
let adminId: string;
let viewer: { id: string; token: string };
let rep: { id: string; token: string };

const RATE_WINDOW_MS = 5 * 60_000;
const outboxLength = () => t.server.engine.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;

function expectError(res: ApiResponse, status: number, code: string, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (field !== undefined) expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
}

/** No user representation ever carries a password or its hash. */
function expectNoSecrets(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/password/i);
  expect(text).not.toContain('scrypt$');
  expect(text).not.toMatch(/token_hash/);
}

const signIn = (body: unknown, path = '/api/v1/auth/token/') => t.request('POST', path, { body, token: null });

/** A user the admin creates, without signing in (each sign-in counts toward the rate limit). */
async function createUser(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; password: string }> {
  const password = `${name}-password-1`;
  const res = await t.request('POST', '/api/v1/users/', { body: { username: name, email: `${name}@example.com`, password, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expectNoSecrets(res.body);
  return { id: res.body.id, password };
}

/** A personal API token: authenticates without a sign-in (no scrypt, no rate-limit hit) and never expires. */
async function apiToken(token: string, name: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name }, token });
  expect(res.status).toBe(201);
  return res.body.token;
}

let adminApiToken: string;
beforeAll(async () => {
  t = await startTestServer({ clock });
  adminId = (await t.request('GET', '/api/v1/auth/me/')).body.id;
  adminApiToken = await apiToken(t.adminToken, 'tests');
  viewer = await t.userWithRole('viewer');
  viewer.token = await apiToken(viewer.token, 'tests');
  rep = await t.userWithRole('sales_rep', 'rep');
  rep.token = await apiToken(rep.token, 'tests');
});
afterAll(() => t.stop());

// Each test starts in a fresh sign-in rate-limit window; callers use API tokens, which do
// not expire as the clock moves on. Tests about JWTs sign in themselves.
beforeEach(() => {
  clock.advance(RATE_WINDOW_MS + 1000);
  t.adminToken = adminApiToken;
});

describe('sign-in', () => {
  it('signs in by username and by email, case-insensitively, returning a pair and the user', async () => {
    const byName = await signIn({ username: 'ADMIN', password: ADMIN.password });
    expect(byName.status).toBe(200);
    expect(typeof byName.body.access).toBe('string');
    expect(typeof byName.body.refresh).toBe('string');
    expect(byName.body.user).toMatchObject({ id: adminId, username: 'admin', email: ADMIN.email, role: 'admin' });
    expect(byName.body.user.last_login).toBeTruthy();
    expectNoSecrets(byName.body.user);

    const byEmailField = await signIn({ email: ADMIN.email, password: ADMIN.password });
    expect(byEmailField.status).toBe(200);
    const byEmailInUsername = await signIn({ username: ADMIN.email.toUpperCase(), password: ADMIN.password });
    expect(byEmailInUsername.status).toBe(200);
    const me = await t.request('GET', '/api/v1/auth/me/', { token: byEmailInUsername.body.access });
    expect(me.body.id).toBe(adminId);
  });

  it('refuses a wrong password and an unknown account alike, with 401', async () => {
    const wrong = await signIn({ username: 'admin', password: 'not-the-password' });
    expectError(wrong, 401, 'unauthenticated');
    const unknown = await signIn({ username: 'nobody', password: 'whatever-password' });
    expectError(unknown, 401, 'unauthenticated');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(JSON.stringify(wrong.body)).not.toContain('access');
  });

  it('names the missing fields with 400', async () => {
    const empty = await signIn({});
    expectError(empty, 400, 'validation_failed', 'username');
    expect(empty.body.error.fields.password).toBeDefined();
    expectError(await signIn({ username: 'admin' }), 400, 'validation_failed', 'password');
    expectError(await signIn({ password: ADMIN.password }), 400, 'validation_failed', 'username');
    expectError(await signIn({ username: 'admin', password: '' }), 400, 'validation_failed', 'password');
    expectError(await signIn({ username: 7, password: ['x'] }), 400, 'validation_failed', 'username');
    expectError(await signIn(['admin', ADMIN.password]), 400, 'validation_failed', 'non_field_errors');
  });

  it('rate limits repeated failures with 429 and Retry-After, then lets the owner back in', async () => {
    let limited: ApiResponse | undefined;
    let failures = 0;
    for (let i = 0; i < 15 && !limited; i++) {
      const res = await signIn({ username: 'admin', password: `wrong-${i}` });
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(401);
        failures++;
      }
    }
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(limited).toBeDefined();
    expectError(limited!, 429, 'rate_limited');
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(limited!.body.error.retry_after).toBe(retryAfter);
    // Even the right password waits out the window.
    expectError(await signIn({ username: 'admin', password: ADMIN.password }), 429, 'rate_limited');
    clock.advance(retryAfter * 1000 + 1000);
    expect((await signIn({ username: 'admin', password: ADMIN.password })).status).toBe(200);
  });

  it('refuses an inactive user, and their existing tokens stop working', async () => {
    const u = await createUser('leaver');
    const pair = (await signIn({ username: 'leaver', password: u.password })).body;
    const off = await t.request('PATCH', `/api/v1/users/${u.id}/`, { body: { is_active: false } });
    expect(off.status).toBe(200);
    expect(off.body.is_active).toBe(false);
    expectError(await signIn({ username: 'leaver', password: u.password }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: pair.access }), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: pair.refresh }, token: null }), 401, 'unauthenticated');
  });

  it('refuses a deleted user', async () => {
    const u = await createUser('deleted-user');
    expect((await t.request('DELETE', `/api/v1/users/${u.id}/`)).status).toBe(204);
    expectError(await signIn({ username: 'deleted-user', password: u.password }), 401, 'unauthenticated');
  });

  it('serves the /api/auth/login/ and /api/auth/refresh/ aliases', async () => {
    const login = await signIn({ username: 'admin', password: ADMIN.password }, '/api/auth/login/');
    expect(login.status).toBe(200);
    const refreshed = await t.request('POST', '/api/auth/refresh/', { body: { refresh: login.body.refresh }, token: null });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh).not.toBe(login.body.refresh);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: refreshed.body.access })).status).toBe(200);
    const noSlash = await signIn({ username: 'admin', password: ADMIN.password }, '/api/auth/login');
    expect(noSlash.status).toBe(200);
  });
});

describe('access tokens', () => {
  it('/auth/me answers the caller with a token and 401 without one', async () => {
    const me = await t.request('GET', '/api/v1/auth/me/');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: adminId, username: 'admin', role: 'admin' });
    expectNoSecrets(me.body);
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: null }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/v1/leads/', { token: null }), 401, 'unauthenticated');
  });

  it('expires an access token after 15 minutes; the refresh token still works', async () => {
    const pair = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    clock.advance(14 * 60_000);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: pair.access })).status).toBe(200);
    clock.advance(2 * 60_000);
    const expired = await t.request('GET', '/api/v1/auth/me/', { token: pair.access });
    expectError(expired, 401, 'unauthenticated');
    expect(expired.body.error.message).toMatch(/expired/i);
    const refreshed = await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: pair.refresh }, token: null });
    expect(refreshed.status).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: refreshed.body.access })).status).toBe(200);
  });

  it('expires a refresh token after its 14 days', async () => {
    const pair = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    clock.advance(15 * 86_400_000);
    expectError(await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: pair.refresh }, token: null }), 401, 'unauthenticated');
  });

  it('refuses forged, foreign and garbage tokens with 401', async () => {
    const access = await t.login(ADMIN.username, ADMIN.password);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: access })).status).toBe(200);
    const [header, payload, signature] = access.split('.');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const promoted = Buffer.from(JSON.stringify({ ...claims, sub: viewer.id })).toString('base64url');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const foreignSecret = new TextEncoder().encode('not-the-secret-of-this-install-xx');
    const foreign = await new SignJWT({ role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(adminId)
      .setIssuer('fieldcrm-local')
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 600)
      .sign(foreignSecret);
    const tokens = [
      `${header}.${payload}.${flipped}`,
      `${header}.${promoted}.${signature}`,
      `${noneHeader}.${payload}.`,
      `${header}.${payload}`,
      foreign,
      'garbage',
      'a.b.c',
      'crm_not-a-real-token',
      'crm_',
      'x'.repeat(5000),
    ];
    for (const token of tokens) {
      const res = await t.request('GET', '/api/v1/auth/me/', { token });
      expectError(res, 401, 'unauthenticated');
    }
  });

  it('refuses tokens of this install that are not access tokens or name no user', async () => {
    const secret = Buffer.from(t.server.engine.db.prepare("SELECT value FROM settings WHERE key = 'jwt_secret'").pluck().get() as string, 'base64');
    const now = Math.floor(clock.now().getTime() / 1000);
    const sign = (claims: Record<string, unknown>, sub: string, issuer = 'fieldcrm-local') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(secret);
    // Sanity: a token built this way is accepted, so the refusals below are for the stated reason.
    expect((await t.request('GET', '/api/v1/auth/me/', { token: await sign({ typ: 'access' }, adminId) })).status).toBe(200);
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: await sign({ typ: 'refresh' }, adminId) }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: await sign({}, adminId) }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: await sign({ typ: 'access' }, 'no-such-user') }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: await sign({ typ: 'access' }, adminId, 'someone-else') }), 401, 'unauthenticated');
  });

  it('refuses a malformed Authorization header with 401', async () => {
    const jwt = await t.login(ADMIN.username, ADMIN.password);
    for (const authorization of [
      'Token abc',
      'Bearer',
      'Bearer ',
      `Basic ${Buffer.from('admin:x').toString('base64')}`,
      `Bearer ${jwt} extra`,
      jwt,
      adminApiToken,
      `Token ${adminApiToken}`,
    ]) {
      const res = await t.request('GET', '/api/v1/auth/me/', { token: null, headers: { authorization } });
      expectError(res, 401, 'unauthenticated');
    }
    // The scheme is case-insensitive.
    expect((await t.request('GET', '/api/v1/auth/me/', { token: null, headers: { authorization: `bearer ${jwt}` } })).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  const refresh = (token: unknown) => t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: token }, token: null });

  it('rotates: the new pair works, reusing the old one is refused and revokes the newer one', async () => {
    const first = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    const second = await refresh(first.refresh);
    expect(second.status).toBe(200);
    expect(second.body.refresh).not.toBe(first.refresh);
    expect(second.body.user.id).toBe(adminId);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: second.body.access })).status).toBe(200);

    const reused = await refresh(first.refresh);
    expectError(reused, 401, 'unauthenticated');
    // The reuse ended the whole family: the newer refresh token is dead too.
    expectError(await refresh(second.body.refresh), 401, 'unauthenticated');
  });

  it('a reuse in one session leaves other sessions alone', async () => {
    const a = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    const b = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    await refresh(a.refresh);
    expectError(await refresh(a.refresh), 401, 'unauthenticated');
    expect((await refresh(b.refresh)).status).toBe(200);
  });

  it('refuses missing, unknown and non-string refresh tokens', async () => {
    expectError(await t.request('POST', '/api/v1/auth/token/refresh/', { body: {}, token: null }), 400, 'validation_failed', 'refresh');
    expectError(await refresh(''), 400, 'validation_failed', 'refresh');
    expectError(await refresh(12345), 400, 'validation_failed', 'refresh');
    expectError(await refresh('not-a-token'), 401, 'unauthenticated');
    expectError(await refresh(await t.login(ADMIN.username, ADMIN.password)), 401, 'unauthenticated');
    expectError(await refresh(adminApiToken), 401, 'unauthenticated');
  });

  it('logout revokes the refresh token', async () => {
    const pair = (await signIn({ username: 'admin', password: ADMIN.password })).body;
    const out = await t.request('POST', '/api/v1/auth/logout/', { body: { refresh: pair.refresh }, token: null });
    expect(out.status).toBe(204);
    expectError(await refresh(pair.refresh), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/v1/auth/logout/', { body: {}, token: null }), 400, 'validation_failed', 'refresh');
    // An unknown token logs out nothing and says nothing about it.
    expect((await t.request('POST', '/api/v1/auth/logout/', { body: { refresh: 'unknown' }, token: null })).status).toBe(204);
  });
});

describe('passwords', () => {
  it('change password: the old sessions lose their refresh tokens, the new password works', async () => {
    const u = await createUser('changer');
    const a = (await signIn({ username: 'changer', password: u.password })).body;
    const b = (await signIn({ username: 'changer', password: u.password })).body;
    const wrong = await t.request('POST', '/api/v1/auth/password/', {
      body: { current_password: 'nope-nope-nope', new_password: 'a-new-password-2' },
      token: a.access,
    });
    expectError(wrong, 400, 'validation_failed', 'current_password');
    const weak = await t.request('POST', '/api/v1/auth/password/', { body: { current_password: u.password, new_password: '1234567' }, token: a.access });
    expectError(weak, 400, 'validation_failed', 'password');
    expect((await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: b.refresh }, token: null })).status).toBe(200);
    const b2 = (await signIn({ username: 'changer', password: u.password })).body;

    const changed = await t.request('POST', '/api/v1/auth/password/', {
      body: { current_password: u.password, new_password: 'a-new-password-2' },
      token: a.access,
    });
    expect(changed.status).toBe(204);
    expectError(await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: b2.refresh }, token: null }), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: a.refresh }, token: null }), 401, 'unauthenticated');
    expectError(await signIn({ username: 'changer', password: u.password }), 401, 'unauthenticated');
    expect((await signIn({ username: 'changer', password: 'a-new-password-2' })).status).toBe(200);
  });

  it('a password change through an API token still needs the current password', async () => {
    const token = (await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'pw' }, token: rep.token })).body.token;
    expectError(
      await t.request('POST', '/api/v1/auth/password/', { body: { current_password: 'guess-guess', new_password: 'another-pass-3' }, token }),
      400,
      'validation_failed',
      'current_password',
    );
  });

  it('refuses weak passwords and mismatched confirmation when creating a user, writing nothing', async () => {
    const before = outboxLength();
    const short = await t.request('POST', '/api/v1/users/', { body: { username: 'weak', email: 'weak@example.com', password: 'short' } });
    expectError(short, 400, 'validation_failed', 'password');
    const numeric = await t.request('POST', '/api/v1/users/', { body: { username: 'weak', email: 'weak@example.com', password: '1234567890' } });
    expectError(numeric, 400, 'validation_failed', 'password');
    const mismatch = await t.request('POST', '/api/v1/users/', {
      body: { username: 'weak', email: 'bad-email', password: 'good-password-1', password_confirm: 'other-password-1' },
    });
    expectError(mismatch, 400, 'validation_failed', 'password_confirm');
    expect(mismatch.body.error.fields.email).toBeDefined();
    const missing = await t.request('POST', '/api/v1/users/', { body: { username: 'weak', email: 'weak@example.com' } });
    expectError(missing, 400, 'validation_failed', 'password');
    const duplicate = await t.request('POST', '/api/v1/users/', { body: { username: 'ADMIN', email: 'other@example.com', password: 'good-password-1' } });
    expectError(duplicate, 400, 'validation_failed', 'username');
    expect(outboxLength()).toBe(before);
    expect((await t.request('GET', '/api/v1/users/?username=weak')).body.count).toBe(0);
  });

  it('an admin setting a bad password on a user changes nothing about that user', async () => {
    const u = await createUser('reset-me');
    const before = outboxLength();
    const res = await t.request('PATCH', `/api/v1/users/${u.id}/`, { body: { department: 'Sales', password: 'short' } });
    expectError(res, 400, 'validation_failed', 'password');
    const objectPassword = await t.request('PATCH', `/api/v1/users/${u.id}/`, { body: { password: { not: 'a string' } } });
    expectError(objectPassword, 400, 'validation_failed', 'password');
    expect(outboxLength()).toBe(before);
    expect((await t.request('GET', `/api/v1/users/${u.id}/`)).body.department).toBeNull();
    expect((await signIn({ username: 'reset-me', password: u.password })).status).toBe(200);
  });
});

describe('personal API tokens', () => {
  it('shows the token once, never lists it, authenticates with it, and refuses it once revoked', async () => {
    const created = await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'script', expires_in_days: 30 }, token: rep.token });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^crm_/);
    expect(created.body).toMatchObject({ name: 'script', token_prefix: token.slice(0, 10) });

    const listed = await t.request('GET', '/api/v1/auth/api-tokens/', { token: rep.token });
    expect(listed.status).toBe(200);
    const entry = listed.body.results.find((r: any) => r.id === created.body.id);
    expect(entry).toMatchObject({ name: 'script', token_prefix: token.slice(0, 10), revoked_at: null });
    expect(entry.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expectNoSecrets(listed.body);

    const me = await t.request('GET', '/api/v1/auth/me/', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(rep.id);
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'script@x.test' }, token });
    expect(lead.status).toBe(201);
    expect(lead.body.owner.id).toBe(rep.id);
    expect(
      (await t.request('GET', '/api/v1/auth/api-tokens/', { token: rep.token })).body.results.find((r: any) => r.id === created.body.id).last_used_at,
    ).toBeTruthy();

    // Only the owner can revoke it.
    expectError(await t.request('DELETE', `/api/v1/auth/api-tokens/${created.body.id}/`), 404, 'not_found');
    expect((await t.request('GET', '/api/v1/auth/me/', { token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/auth/api-tokens/${created.body.id}/`, { token: rep.token })).status).toBe(204);
    expectError(await t.request('GET', '/api/v1/auth/me/', { token }), 401, 'unauthenticated');
    expectError(await t.request('DELETE', `/api/v1/auth/api-tokens/${created.body.id}/`, { token: rep.token }), 404, 'not_found');
    expect(
      (await t.request('GET', '/api/v1/auth/api-tokens/', { token: rep.token })).body.results.find((r: any) => r.id === created.body.id).revoked_at,
    ).toBeTruthy();
  });

  it('expires a token after its days', async () => {
    const created = await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'short-lived', expires_in_days: 1 }, token: rep.token });
    expect((await t.request('GET', '/api/v1/auth/me/', { token: created.body.token })).status).toBe(200);
    clock.advance(86_400_000 + 1000);
    expectError(await t.request('GET', '/api/v1/auth/me/', { token: created.body.token }), 401, 'unauthenticated');
  });

  it('names bad token requests', async () => {
    const post = (body: unknown) => t.request('POST', '/api/v1/auth/api-tokens/', { body, token: rep.token });
    expectError(await post({}), 400, 'validation_failed', 'name');
    expectError(await post({ name: '  ' }), 400, 'validation_failed', 'name');
    expectError(await post({ name: 'x', expires_in_days: 0 }), 400, 'validation_failed', 'expires_in_days');
    expectError(await post({ name: 'x', expires_in_days: 1.5 }), 400, 'validation_failed', 'expires_in_days');
    expectError(await post({ name: 'x', scope: 'all' }), 400, 'validation_failed', 'scope');
    expectError(await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'x' }, token: null }), 401, 'unauthenticated');
  });
});

describe('roles', () => {
  it('a viewer can read records but not change them, and nothing is written', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'viewed@x.test' } });
    expect((await t.request('GET', '/api/v1/leads/', { token: viewer.token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/leads/${lead.body.id}/`, { token: viewer.token })).status).toBe(200);
    const before = outboxLength();
    const item = `/api/v1/leads/${lead.body.id}/`;
    expectError(await t.request('POST', '/api/v1/leads/', { body: { email: 'v@x.test' }, token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('PATCH', item, { body: { status: 'lost' }, token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('PUT', item, { body: { email: 'v@x.test' }, token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('DELETE', item, { token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('POST', `${item}convert/`, { body: {}, token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'delete', ids: [lead.body.id] }, token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('POST', '/api/v1/companies/', { body: { name: 'V' }, token: viewer.token }), 403, 'forbidden');
    expect(outboxLength()).toBe(before);
    expect((await t.request('GET', item)).body).toMatchObject({ status: 'new', deleted_at: null });
    // A viewer's API token carries the viewer's role.
    const token = (await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'ro' }, token: viewer.token })).body.token;
    expectError(await t.request('POST', '/api/v1/leads/', { body: { email: 'v@x.test' }, token }), 403, 'forbidden');
    expect(outboxLength()).toBe(before);
  });

  it('a sales rep cannot create, change or delete users', async () => {
    const before = outboxLength();
    expectError(
      await t.request('POST', '/api/v1/users/', {
        body: { username: 'sneaky', email: 's@example.com', password: 'sneaky-password-1', role: 'admin' },
        token: rep.token,
      }),
      403,
      'forbidden',
    );
    expectError(await t.request('PATCH', `/api/v1/users/${rep.id}/`, { body: { role: 'admin' }, token: rep.token }), 403, 'forbidden');
    expectError(await t.request('DELETE', `/api/v1/users/${adminId}/`, { token: rep.token }), 403, 'forbidden');
    expect(outboxLength()).toBe(before);
    // Nor promote themself through their own profile.
    expectError(await t.request('PATCH', '/api/v1/auth/me/', { body: { role: 'admin' }, token: rep.token }), 400, 'validation_failed', 'role');
    expectError(
      await t.request('PATCH', '/api/v1/auth/me/', { body: { is_active: true, username: 'boss' }, token: rep.token }),
      400,
      'validation_failed',
      'username',
    );
    expect(outboxLength()).toBe(before);
    expect((await t.request('GET', '/api/v1/auth/me/', { token: rep.token })).body.role).toBe('sales_rep');
  });

  it('a non-admin sees the brief user form; an admin and the user themself see the full one', async () => {
    await t.request('PATCH', `/api/v1/users/${rep.id}/`, { body: { phone: '+1 555 0100', department: 'Sales' } });
    const list = await t.request('GET', '/api/v1/users/', { token: viewer.token });
    expect(list.status).toBe(200);
    expect(list.body.count).toBeGreaterThanOrEqual(3);
    for (const u of list.body.results) {
      for (const hidden of ['phone', 'last_login', 'department', 'notification_preferences', 'timezone', 'created_at']) expect(u).not.toHaveProperty(hidden);
      expect(u).toHaveProperty('username');
      expect(u).toHaveProperty('full_name');
      expectNoSecrets(u);
    }
    const one = await t.request('GET', `/api/v1/users/${rep.id}/`, { token: viewer.token });
    expect(one.body).not.toHaveProperty('phone');
    expect(one.body).not.toHaveProperty('last_login');
    const self = await t.request('GET', `/api/v1/users/${rep.id}/`, { token: rep.token });
    expect(self.body.phone).toBe('+1 555 0100');
    const asAdmin = await t.request('GET', '/api/v1/users/');
    const full = asAdmin.body.results.find((u: any) => u.id === rep.id);
    expect(full).toMatchObject({ phone: '+1 555 0100', department: 'Sales' });
    expect(full).toHaveProperty('last_login');
    expectNoSecrets(asAdmin.body);
  });

  it('an admin cannot delete, deactivate or demote themself', async () => {
    const before = outboxLength();
    expectError(await t.request('DELETE', `/api/v1/users/${adminId}/`), 409, 'conflict');
    expectError(await t.request('PATCH', `/api/v1/users/${adminId}/`, { body: { is_active: false } }), 400, 'validation_failed', 'is_active');
    expectError(await t.request('PATCH', `/api/v1/users/${adminId}/`, { body: { role: 'viewer' } }), 400, 'validation_failed', 'role');
    expect(outboxLength()).toBe(before);
    expect((await t.request('GET', '/api/v1/auth/me/')).body).toMatchObject({ role: 'admin', is_active: true, deleted_at: null });
  });

  it('refuses first-run setup once users exist', async () => {
    const status = await t.request('GET', '/api/v1/auth/setup/', { token: null });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ needs_setup: false });
    const before = outboxLength();
    const setup = await t.request('POST', '/api/v1/auth/setup/', {
      body: { username: 'owner2', email: 'owner2@example.com', password: 'owner2-password-1' },
      token: null,
    });
    expectError(setup, 409, 'conflict');
    expect(outboxLength()).toBe(before);
    expectError(await signIn({ username: 'owner2', password: 'owner2-password-1' }), 401, 'unauthenticated');
  });
});

describe('passwords are never returned', () => {
  it('no user response, list, create, update, sign-in or refresh carries a password or hash', async () => {
    const u = await createUser('private', { password_confirm: 'private-password-1', first_name: 'Pri' });
    const responses = [
      await t.request('GET', '/api/v1/users/'),
      await t.request('GET', `/api/v1/users/${u.id}/`),
      await t.request('PATCH', `/api/v1/users/${u.id}/`, { body: { last_name: 'Vate', password: 'private-password-2' } }),
      await t.request('GET', '/api/v1/users/?search=private'),
      await t.request('DELETE', `/api/v1/users/${u.id}/`),
      await t.request('POST', `/api/v1/users/${u.id}/restore/`),
      await t.request('GET', '/api/v1/auth/me/'),
      await t.request('PATCH', '/api/v1/auth/me/', { body: { department: 'Ops' } }),
      await signIn({ username: 'private', password: 'private-password-2' }),
    ];
    for (const res of responses) {
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      expectNoSecrets(res.body);
    }
    const refreshed = await t.request('POST', '/api/v1/auth/token/refresh/', { body: { refresh: responses.at(-1)!.body.refresh }, token: null });
    expectNoSecrets(refreshed.body.user);
    // Nor does the synced store: the hash lives only in the local credentials table.
    const docs = t.server.engine.db
      .prepare("SELECT count(*) FROM record_docs WHERE entity = 'user' AND instr(CAST(state AS TEXT), 'scrypt$') > 0")
      .pluck()
      .get();
    expect(docs).toBe(0);
  });
});
