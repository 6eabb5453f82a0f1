import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { TestSocket } from '../../helpers/ws-client';

let t: TestServer;
let rep: { id: string; token: string };
let other: { id: string; token: string };
const NOTIF = '/ws/notifications/';
const ACTIVITY = '/ws/activity/';
const sockets: TestSocket[] = [];

async function connect(path: string, token: string, resume: { last_seq?: number; stream?: string } = {}) {
  const s = await TestSocket.connect(t.url, path, token, resume);
  sockets.push(s);
  return s;
}

async function assignLead(to: string, email: string) {
  const res = await t.request('POST', '/api/v1/leads/', { body: { email, first_name: 'Ada', last_name: email.split('@')[0], assigned_to: to } });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestServer();
  t.server.engine.notifications.sockets.limits.authTimeoutMs = 300;
  rep = await t.userWithRole('sales_rep', 'rep1');
  other = await t.userWithRole('sales_rep', 'rep2');
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await t.stop();
});

describe('WebSocket authentication', () => {
  it('closes a socket that does not authenticate in time', async () => {
    const s = await TestSocket.open(t.url, NOTIF);
    sockets.push(s);
    const started = Date.now();
    const closed = await s.closed;
    expect(closed.code).toBe(4408);
    expect(closed.reason).toMatch(/Authentication timeout/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('closes a socket that sends a bad token, on both channels', async () => {
    for (const path of [NOTIF, ACTIVITY]) {
      const s = await TestSocket.open(t.url, path);
      sockets.push(s);
      s.send({ type: 'authenticate', token: 'not-a-token' });
      const closed = await s.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/invalid|Invalid/);
    }
  });

  it('refuses other messages before authentication, then accepts a token', async () => {
    const s = await TestSocket.open(t.url, NOTIF);
    sockets.push(s);
    s.send({ type: 'mark_all_read' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'unauthenticated', seq: 0 });
    s.send({ type: 'authenticate', token: rep.token });
    expect(await s.next()).toMatchObject({ type: 'connection_established', channel: 'notifications', user: { id: rep.id, username: 'rep1' } });
  });

  it('accepts an Authorization header on the upgrade, and an API token', async () => {
    const created = await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'tail' }, token: rep.token });
    expect(created.status).toBe(201);
    const s = await TestSocket.open(t.url, ACTIVITY, { authorization: `Bearer ${created.body.token}` });
    sockets.push(s);
    expect(await s.next()).toMatchObject({ type: 'connection_established', channel: 'activity', user: { id: rep.id } });
  });

  it('refuses an upgrade from a foreign Origin or Host', async () => {
    await expect(TestSocket.open(t.url, NOTIF, { origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(TestSocket.open(t.url, ACTIVITY, { host: 'evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(TestSocket.open(t.url, '/ws/elsewhere/')).rejects.toMatchObject({ status: 404 });
  });
});

describe('dead clients', () => {
  it('terminates a socket that stops answering pings', async () => {
    const limits = t.server.engine.notifications.sockets.limits;
    limits.pingIntervalMs = 100;
    try {
      const s = await connect(ACTIVITY, rep.token);
      const tcp = (s.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      tcp.pause(); // reads nothing, so answers no ping
      await new Promise((r) => setTimeout(r, 500));
      tcp.resume();
      expect((await s.closed).code).toBe(1006);
    } finally {
      limits.pingIntervalMs = 20_000;
    }
  });
});

describe('bad frames', () => {
  it('answers each with an error message and keeps the socket up', async () => {
    const s = await connect(NOTIF, rep.token);
    const cases: [string, unknown][] = [
      ['{not json', { code: 'validation_failed', fields: { frame: expect.any(Array) } }],
      [JSON.stringify({ type: 'subscribe' }), { code: 'validation_failed', fields: { type: expect.any(Array) } }],
      [JSON.stringify({ type: 'mark_read' }), { code: 'validation_failed', fields: { notification_id: expect.any(Array) } }],
      [JSON.stringify({ type: 'mark_read', notification_id: 'x', extra: 1 }), { fields: { extra: ['Unknown field.'] } }],
      [JSON.stringify({ type: 'resume', last_seq: -1 }), { fields: { last_seq: expect.any(Array) } }],
      [JSON.stringify([1, 2]), { fields: { frame: expect.any(Array) } }],
      [JSON.stringify({ type: 'mark_read', notification_id: 'no-such-id' }), { code: 'not_found' }],
      [JSON.stringify({ type: 'authenticate', token: rep.token }), { code: 'conflict' }],
      [JSON.stringify({ type: 'ping', pad: 'x'.repeat(70 * 1024) }), { code: 'payload_too_large' }],
    ];
    for (const [frame, expected] of cases) {
      s.send(frame);
      expect(await s.next()).toMatchObject({ type: 'error', seq: expect.any(Number), ...(expected as object) });
    }
    s.send({ type: 'ping' });
    expect(await s.next()).toMatchObject({ type: 'pong' });
    expect(s.ws.readyState).toBe(s.ws.OPEN);
  });
});

describe('notifications channel', () => {
  it('delivers an assignment by an admin to the rep live, and to nobody else', async () => {
    const repSocket = await connect(NOTIF, rep.token);
    const otherSocket = await connect(NOTIF, other.token);
    const adminSocket = await connect(NOTIF, t.adminToken);
    const lead = await assignLead(rep.id, 'live@x.test');
    const msg = await repSocket.next((m) => m.type === 'notification');
    expect(msg.notification).toMatchObject({
      type: 'assignment',
      url: `/leads/${lead.id}`,
      entity: 'lead',
      record_id: lead.id,
      is_read: false,
      actor: { username: 'admin' },
      title: expect.stringContaining('lead'),
    });
    expect(msg.seq).toBe(msg.notification.seq);
    expect(msg.desktop).toBe(true);
    expect(await otherSocket.collect((m) => m.type === 'notification', 200)).toEqual([]);
    expect(await adminSocket.collect((m) => m.type === 'notification', 0)).toEqual([]);
  });

  it('persists mark_read and mark_all_read sent over the socket', async () => {
    const s = await connect(NOTIF, rep.token);
    const watcher = await connect(NOTIF, rep.token);
    await assignLead(rep.id, 'read1@x.test');
    const n = (await s.next((m) => m.type === 'notification')).notification;
    s.send({ type: 'mark_read', notification_id: n.id });
    expect(await s.next((m) => m.type === 'notification_read')).toMatchObject({ ids: [n.id] });
    expect(await watcher.next((m) => m.type === 'notification_read')).toMatchObject({ ids: [n.id] });
    const one = await t.request('GET', `/api/v1/notifications/${n.id}/`, { token: rep.token });
    expect(one.body).toMatchObject({ id: n.id, is_read: true, read_at: expect.any(String) });

    s.send({ type: 'mark_all_read' });
    expect(await s.next((m) => m.type === 'notification_read')).toMatchObject({ ids: 'all', unread_count: 0 });
    expect((await t.request('GET', '/api/v1/notifications/unread_count/', { token: rep.token })).body).toEqual({ unread_count: 0 });
  });

  it('replays what a reconnecting client missed, in order, then continues live', async () => {
    const first = await connect(NOTIF, rep.token);
    await assignLead(rep.id, 'seq1@x.test');
    const last = (await first.next((m) => m.type === 'notification')).seq;
    await first.close();

    const missed = [];
    for (let i = 0; i < 3; i++) missed.push(await assignLead(rep.id, `gap${i}@x.test`));
    const again = await TestSocket.open(t.url, NOTIF);
    sockets.push(again);
    again.send({ type: 'authenticate', token: rep.token, last_seq: last });
    const hello = await again.next();
    expect(hello).toMatchObject({ type: 'connection_established', replayed: 3, gap: false, seq: last + 3 });
    const replayed = [await again.next(), await again.next(), await again.next()];
    expect(replayed.map((m) => m.seq)).toEqual([last + 1, last + 2, last + 3]);
    expect(replayed.map((m) => m.notification.record_id)).toEqual(missed.map((l) => l.id));

    await assignLead(rep.id, 'after@x.test');
    expect(await again.next((m) => m.type === 'notification')).toMatchObject({ seq: last + 4 });
    again.send({ type: 'resume', last_seq: last + 2 });
    expect((await again.next()).seq).toBe(last + 3);
    expect((await again.next()).seq).toBe(last + 4);
  });

  it('tells a deal owner about stage changes and a teammate about @mentions', async () => {
    const s = await connect(NOTIF, rep.token);
    const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Buyer', email: 'buyer@x.test' }, token: rep.token });
    const deal = await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Big deal', contact: contact.body.id, amount: 1000, close_date: '2030-01-01' },
      token: rep.token,
    });
    expect(deal.status).toBe(201);
    await t.request('PATCH', `/api/v1/opportunities/${deal.body.id}/`, { body: { stage: 'closed_won' } });
    expect((await s.next((m) => m.type === 'notification')).notification).toMatchObject({ type: 'update', title: 'Deal won: Big deal' });

    await t.request('POST', '/api/v1/activities/', {
      body: { activity_type: 'note', subject: 'Call notes', body: 'Ask @rep1 and @nobody about pricing.', contact: contact.body.id },
    });
    const mention = (await s.next((m) => m.type === 'notification')).notification;
    expect(mention).toMatchObject({ type: 'mention', entity: 'activity', message: expect.stringContaining('@rep1') });
    // A self-mention and an unchanged mention do not notify.
    await t.request('PATCH', `/api/v1/contacts/${contact.body.id}/`, { body: { notes: 'note to self @rep1' }, token: rep.token });
    expect(await s.collect((m) => m.type === 'notification', 200)).toEqual([]);
  });
});

describe('activity channel', () => {
  it('streams every change with a global seq and resumes within the stream', async () => {
    const s = await connect(ACTIVITY, other.token);
    const hello = s.messages[0];
    expect(hello).toMatchObject({ type: 'connection_established', channel: 'activity', stream: expect.any(String), gap: false });
    const lead = await assignLead(rep.id, 'feed@x.test');
    const created = await s.next((m) => m.type === 'lead_update' && m.id === lead.id);
    expect(created).toMatchObject({ action: 'create', entity: 'lead', actor: expect.any(String), origin: 'api', stream: hello.stream, seq: hello.seq + 1 });
    expect(created.fields).toEqual(expect.arrayContaining(['email', 'assigned_to']));
    await t.request('PATCH', `/api/v1/leads/${lead.id}/`, { body: { status: 'contacted' } });
    const updated = await s.next((m) => m.type === 'lead_update');
    expect(updated).toMatchObject({ action: 'update', seq: created.seq + 1 });
    expect(updated.fields).toContain('status');
    await s.close();

    await t.request('DELETE', `/api/v1/leads/${lead.id}/`);
    const back = await connect(ACTIVITY, other.token, { last_seq: updated.seq, stream: hello.stream });
    expect(back.messages[0]).toMatchObject({ replayed: 1, gap: false });
    expect(await back.next()).toMatchObject({ type: 'lead_update', action: 'delete', seq: updated.seq + 1 });

    const stale = await connect(ACTIVITY, other.token, { last_seq: 5, stream: 'some-earlier-run' });
    expect(stale.messages[0]).toMatchObject({ replayed: 0, gap: true });
  });
});
