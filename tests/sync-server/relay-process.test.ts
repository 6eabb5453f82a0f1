import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, type UpdateEnvelope } from '../../src/shared/sync/sync-protocol';
import { fieldsOf, recordUpdate } from '../helpers/relay-fixtures';
import { RelayWsClient, spawnRelay, type RelayProcess } from '../helpers/relay-process';

const dataDir = mkdtempSync(join(tmpdir(), 'relay-proc-'));
let relay: RelayProcess;
let admin: { access_token: string; account_id: string; team_id: string; refresh_token: string };
const clients: RelayWsClient[] = [];
const PASSWORD = 'password-1234';

async function connect(token: string, device: string) {
  const c = await RelayWsClient.connect(relay.url, token, device);
  clients.push(c);
  return c;
}

async function joinTeam(role: string, email: string, device: string) {
  const inv = await relay.http('POST', '/v1/invites', { email, role }, admin.access_token);
  expect(inv.status).toBe(201);
  const res = await relay.http('POST', '/v1/join', { invite_code: inv.body.code, email, password: PASSWORD, device_id: device });
  expect(res.status).toBe(200);
  return res.body as typeof admin;
}

const env = (writer: string, clientSeq: number, fields: Record<string, string>, recordId = `r-${clientSeq}`): UpdateEnvelope => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer,
  client_seq: clientSeq,
  update: recordUpdate(fields),
});

beforeAll(async () => {
  relay = await spawnRelay(dataDir);
  const res = await relay.http('POST', '/v1/teams', { team_name: 'North', email: 'ada@north.test', password: PASSWORD, device_id: 'ada-1' });
  expect(res.status).toBe(201);
  admin = res.body;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await relay.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('relay process over real WebSockets', () => {
  it('acks pushes with seqs, fans out within the team only, refuses viewers, and catches up after a reconnect', async () => {
    const rep = await joinTeam('sales_rep', 'rex@north.test', 'rex-1');
    const viewer = await joinTeam('viewer', 'vi@north.test', 'vi-1');
    const south = (await relay.http('POST', '/v1/teams', { team_name: 'South', email: 'sam@south.test', password: PASSWORD, device_id: 'sam-1' })).body;
    const a = await connect(admin.access_token, 'ada-1');
    const r = await connect(rep.access_token, 'rex-1');
    const s = await connect(south.access_token, 'sam-1');
    for (const c of [a, r, s]) await c.catchUp(0);

    a.send({ type: 'push', envelopes: [env(admin.account_id, 1, { name: 'Acme' }, 'lead-1')] });
    await a.until(() => a.of('ack').length === 1, 'ack');
    const seq = a.of('ack')[0].acks[0].seq;
    expect(a.of('ack')[0].acks).toEqual([{ client_seq: 1, seq }]);
    await r.until(() => r.of('updates').some((u) => u.source === 'live'), 'live update at the rep');
    expect(
      r
        .of('updates')
        .filter((u) => u.source === 'live')
        .flatMap((u) => u.updates.map((x) => [x.seq, x.record_id])),
    ).toEqual([[seq, 'lead-1']]);

    r.send({ type: 'push', envelopes: [env(rep.account_id, 1, { stage: 'proposal' }, 'lead-1')] });
    await a.until(() => a.of('updates').some((u) => u.source === 'live'), 'live update at the admin');

    const v = await connect(viewer.access_token, 'vi-1');
    v.send({ type: 'push', envelopes: [env(viewer.account_id, 1, { name: 'x' })] });
    await v.until(() => v.of('error').length > 0, 'viewer refusal');
    expect(v.of('error')[0]).toMatchObject({ code: 'forbidden', client_seq: 1 });

    // The rep goes offline; the admin keeps writing; the rep catches up from its cursor.
    const cursor = Math.max(...r.of('updates').flatMap((u) => u.updates.map((x) => x.seq)), seq + 1);
    r.close();
    a.send({ type: 'push', envelopes: [env(admin.account_id, 2, { phone: '555' }, 'lead-1'), env(admin.account_id, 3, { name: 'Beta' }, 'lead-2')] });
    await a.until(() => a.of('ack').length === 2, 'second ack');
    const r2 = await connect(rep.access_token, 'rex-1');
    const { updates } = await r2.catchUp(cursor);
    expect(updates.map((u) => u.record_id)).toEqual(['lead-1', 'lead-2']);
    expect(fieldsOf(updates.filter((u) => u.record_id === 'lead-1').map((u) => u.update))).toEqual({ phone: '555' });

    expect(s.frames.filter((f) => f.type === 'updates' && f.source === 'live')).toEqual([]);
    expect((await s.catchUp(0)).updates).toEqual([]);
  });

  it('closes a removed member socket and sends it nothing more', async () => {
    const rep = await joinTeam('sales_rep', 'rosa@north.test', 'rosa-1');
    const a = await connect(admin.access_token, 'ada-1');
    const r = await connect(rep.access_token, 'rosa-1');
    await r.catchUp(0);
    const del = await relay.http('DELETE', `/v1/members/${rep.account_id}`, undefined, admin.access_token);
    expect(del.status).toBe(204);
    await r.until(() => r.closeCode !== null, 'close');
    expect(r.closeCode).toBe(4003);
    const seen = r.frames.length;
    a.send({ type: 'push', envelopes: [env(admin.account_id, 50, { secret: 'plan' })] });
    await a.until(() => a.of('ack').length > 0, 'ack');
    expect(r.frames.length).toBe(seen);
    const members = await relay.http('GET', '/v1/members', undefined, admin.access_token);
    expect(members.body.members.map((m: { email: string }) => m.email)).not.toContain('rosa@north.test');
    // The removed member's device is told why (its install then shows `removed`), not asked to sign in again.
    const refresh = await relay.http('POST', '/v1/token/refresh', { refresh_token: rep.refresh_token });
    expect([refresh.status, refresh.body.error.message]).toEqual([403, 'removed from this team']);
  });

  it('answers malformed, oversized and text frames with typed errors and stays up', async () => {
    const a = await connect(admin.access_token, 'ada-1');
    a.sendRaw(new Uint8Array([2, 200, 1]));
    a.sendRaw(new Uint8Array(MAX_FRAME_BYTES + 100));
    a.sendRaw('{"type":"push"}');
    a.send({ type: 'push', envelopes: [{ ...env(admin.account_id, 60, {}), update: new Uint8Array([9, 9, 9]) }] });
    a.send({ type: 'ping', nonce: 77 });
    await a.until(() => a.of('pong').length > 0, 'pong');
    expect(a.of('error').map((e) => e.code)).toEqual(['malformed_frame', 'frame_too_large', 'malformed_frame', 'invalid_update']);
    expect((await relay.http('GET', '/healthz')).body).toEqual({ status: 'ok', draining: false });
    const metrics = await fetch(`${relay.url}/metrics`).then((res) => res.text());
    expect(metrics).toMatch(/relay_frame_errors_total\{code="frame_too_large"\} 1/);
    expect(metrics).toMatch(/relay_store_bytes \d+/);
  });

  it('refuses an expired or reused invite and detects refresh-token reuse over HTTP', async () => {
    const inv = await relay.http('POST', '/v1/invites', { email: 'quick@north.test', role: 'manager', ttl_seconds: 1 }, admin.access_token);
    await new Promise((res) => setTimeout(res, 1100));
    const late = await relay.http('POST', '/v1/join', { invite_code: inv.body.code, email: 'quick@north.test', password: PASSWORD, device_id: 'q-1' });
    expect([late.status, late.body.error.fields]).toEqual([409, { invite_code: ['expired'] }]);
    const ok = await relay.http('POST', '/v1/invites', { email: 'mo@north.test', role: 'manager' }, admin.access_token);
    expect((await relay.http('POST', '/v1/join', { invite_code: ok.body.code, email: 'mo@north.test', password: PASSWORD, device_id: 'mo-1' })).status).toBe(
      200,
    );
    const again = await relay.http('POST', '/v1/join', { invite_code: ok.body.code, email: 'mo2@north.test', password: PASSWORD, device_id: 'mo-2' });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);

    const login = await relay.http('POST', '/v1/token', { email: 'mo@north.test', password: PASSWORD, device_id: 'mo-1' });
    const rotated = await relay.http('POST', '/v1/token/refresh', { refresh_token: login.body.refresh_token });
    expect(rotated.status).toBe(200);
    const reuse = await relay.http('POST', '/v1/token/refresh', { refresh_token: login.body.refresh_token });
    expect([reuse.status, reuse.body.error.code]).toEqual([401, 'unauthenticated']);
    const chainDead = await relay.http('POST', '/v1/token/refresh', { refresh_token: rotated.body.refresh_token });
    expect(chainDead.status).toBe(401);
    const bad = await relay.http('POST', '/v1/invites', { email: 'x@north.test', role: 'manager' }, rotated.body.access_token);
    expect([bad.status, bad.body.error.code]).toEqual([403, 'forbidden']);
    const body = JSON.stringify(await relay.http('POST', '/v1/token', { email: 'nobody@north.test', password: 'wrong-password' }));
    expect(body).not.toMatch(/wrong-password/);
  });

  it('relays a notification live to an online device and at reconnect to an offline one, once each', async () => {
    const bob = await joinTeam('sales_rep', 'bob@north.test', 'bob-laptop');
    const phone = (await relay.http('POST', '/v1/token', { email: 'bob@north.test', password: PASSWORD, device_id: 'bob-phone' })).body;
    const a = await connect(admin.access_token, 'ada-1');
    const laptop = await connect(bob.access_token, 'bob-laptop');
    a.send({ type: 'notify', to_account_id: bob.account_id, notification_id: 'mention-7', payload: '{"kind":"mention"}' });
    a.send({ type: 'notify', to_account_id: bob.account_id, notification_id: 'mention-7', payload: '{"kind":"mention"}' });
    await laptop.until(() => laptop.of('notification').length > 0, 'live notification');
    const item = laptop.of('notification')[0];
    // Frames of one socket are handled in order: the pong means the ack before it is stored.
    const ackThenPing = async (c: RelayWsClient, inboxId: number) => {
      c.send({ type: 'notify_ack', inbox_ids: [inboxId] });
      c.send({ type: 'ping', nonce: inboxId });
      await c.until(() => c.of('pong').some((x) => x.nonce === inboxId), 'pong after ack');
    };
    await ackThenPing(laptop, item.inbox_id);
    const p = await connect(phone.access_token, 'bob-phone');
    await p.until(() => p.of('notification').length > 0, 'notification at reconnect');
    expect(p.of('notification').map((n) => n.notification_id)).toEqual(['mention-7']);
    await ackThenPing(p, p.of('notification')[0].inbox_id);
    p.close();
    laptop.close();
    const again = [await connect(phone.access_token, 'bob-phone'), await connect(bob.access_token, 'bob-laptop')];
    // Pending items go out right after welcome: a pong after that proves none was queued.
    for (const c of again) {
      c.send({ type: 'ping', nonce: 99 });
      await c.until(() => c.of('pong').length > 0, 'pong');
      expect(c.of('notification')).toEqual([]);
    }
    expect(laptop.of('notification')).toHaveLength(1);
  });

  it('keeps every acked update exactly once when killed -9 during a stream of pushes', async () => {
    const a = await connect(admin.access_token, 'ada-1');
    const TOTAL = 1500;
    const BATCH = 10;
    const acked = new Map<number, number>();
    a.ws.on('message', () => {
      for (const f of a.of('ack')) for (const x of f.acks) acked.set(x.client_seq, x.seq);
    });
    const base = 1000;
    // The outbox: a resend is the same bytes under the same number.
    const outbox = Array.from({ length: TOTAL }, (_, k) => env(admin.account_id, base + k, { n: String(k) }, `kill-${k}`));
    for (let i = 0; i < TOTAL; i += BATCH) {
      const envelopes = outbox.slice(i, i + BATCH);
      a.send({ type: 'push', envelopes });
      if (i % 100 === 0) await new Promise((res) => setTimeout(res, 5));
    }
    await a.until(() => acked.size >= 200, 'some acks', 30_000);
    await relay.crash();
    const ackedBefore = new Map(acked);
    expect(ackedBefore.size).toBeLessThan(TOTAL);

    relay = await spawnRelay(dataDir);
    const b = await connect(admin.access_token, 'ada-1');
    const stored = (await b.catchUp(0)).updates.filter((u) => u.record_id.startsWith('kill-'));
    const ids = stored.map((u) => u.record_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [clientSeq, seq] of ackedBefore) {
      expect(stored.find((u) => u.client_seq === clientSeq)?.seq, `client_seq ${clientSeq}`).toBe(seq);
    }
    // The client resends everything its outbox still holds (acked rows may not be deleted yet).
    const firstUnacked = Math.min(...Array.from({ length: TOTAL }, (_, k) => base + k).filter((s) => !ackedBefore.has(s)));
    for (let s = firstUnacked - 20; s < base + TOTAL; s += BATCH) {
      const envelopes: UpdateEnvelope[] = [];
      for (let k = s; k < Math.min(s + BATCH, base + TOTAL); k++) envelopes.push(outbox[k - base]);
      b.send({ type: 'push', envelopes });
    }
    await b.until(() => new Set(b.of('ack').flatMap((f) => f.acks.map((x) => x.client_seq))).has(base + TOTAL - 1), 'last ack', 60_000);
    const all = (await b.catchUp(0)).updates.filter((u) => u.record_id.startsWith('kill-'));
    expect(all).toHaveLength(TOTAL);
    expect(new Set(all.map((u) => u.record_id)).size).toBe(TOTAL);
    const seqs = all.map((u) => u.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  }, 120_000);

  it('drains on SIGTERM: queued pushes are acked before the sockets close, and it exits 0', async () => {
    const a = await connect(admin.access_token, 'ada-1');
    for (let i = 0; i < 5; i++) a.send({ type: 'push', envelopes: [env(admin.account_id, 5000 + i, { n: String(i) }, `term-${i}`)] });
    await a.until(() => a.of('ack').length >= 1, 'first ack');
    const code = await relay.stop();
    expect(code).toBe(0);
    const answered = a.of('ack').length + a.of('error').filter((e) => e.code === 'shutting_down').length;
    expect(answered).toBe(5);
    relay = await spawnRelay(dataDir);
  });
});
