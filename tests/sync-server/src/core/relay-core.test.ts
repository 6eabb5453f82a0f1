import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_FRAME_BYTES, type UpdateEnvelope } from '../../../../src/shared/sync/sync-protocol';
import { encodeFrame } from '../../../../src/shared/sync/frame-codec';
import { CLOSE_CODES } from '../../../../sync-server/src/core/relay-session';
import { FakeSocket, fieldsOf, recordUpdate, startCoreFixture, waitFor, type CoreFixture } from '../../../helpers/relay-fixtures';

let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string };
let rep: { access_token: string; account_id: string };
let viewer: { access_token: string; account_id: string };
let other: { access_token: string; account_id: string };

async function invited(role: string, email: string, device: string) {
  const inv = await f.identity.createInvite({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' }, { email, role });
  return f.identity.join({ invite_code: inv.code, email, password: 'password-1234', device_id: device });
}

const env = (writer: string, clientSeq: number, fields: Record<string, string>, recordId = `rec-${clientSeq}`): UpdateEnvelope => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer,
  client_seq: clientSeq,
  update: recordUpdate(fields),
});

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
  rep = await invited('sales_rep', 'rex@north.test', 'rep-1');
  viewer = await invited('viewer', 'vi@north.test', 'vie-1');
  other = await f.identity.createTeam({ team_name: 'South', email: 'sam@south.test', password: 'password-1234', device_id: 'oth-1' });
});
afterAll(() => f.close());

describe('relay core (no sockets)', () => {
  it('requires a hello with a valid token bound to the device', async () => {
    const s = new FakeSocket();
    const conn = f.core.handleConnection(s, 'test');
    conn.receive(encodeFrame({ type: 'pull', since: 0, limit: 10 }));
    await conn.session.queue;
    expect(s.of('error')[0]).toMatchObject({ code: 'handshake_required' });
    const wrongDevice = await f.connect(admin.access_token, 'someone-else');
    expect(wrongDevice.socket.of('error')[0]).toMatchObject({ code: 'unauthenticated' });
    expect(wrongDevice.socket.closedWith?.code).toBe(CLOSE_CODES.unauthenticated);
    const bad = await f.connect('not-a-token', 'adm-1');
    expect(bad.socket.of('error')[0]).toMatchObject({ code: 'unauthenticated' });
    const ok = await f.connect(admin.access_token, 'adm-1');
    expect(ok.socket.of('welcome')[0]).toMatchObject({ team_id: admin.team_id, account_id: admin.account_id, role: 'admin' });
    ok.close();
  });

  it('acks pushes with commit-ordered seqs and acks a resend with the same seq without storing it twice', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    const head = a.socket.of('welcome')[0].head_seq;
    const two = env(admin.account_id, 2, { name: 'two' });
    await a.send({ type: 'push', envelopes: [env(admin.account_id, 1, { name: 'one' }), two] });
    await a.send({ type: 'push', envelopes: [two, env(admin.account_id, 3, { name: 'three' })] });
    const acks = a.socket.of('ack').flatMap((x) => x.acks);
    expect(acks).toEqual([
      { client_seq: 1, seq: head + 1 },
      { client_seq: 2, seq: head + 2 },
      { client_seq: 2, seq: head + 2 },
      { client_seq: 3, seq: head + 3 },
    ]);
    const rows = await f.store.updates.since(admin.team_id, head, 100);
    expect(rows.map((r) => r.seq)).toEqual([head + 1, head + 2, head + 3]);
    a.close();
  });

  it('fans a push out live to the other members of the team only, never back to its sender', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    const r = await f.connect(rep.access_token, 'rep-1');
    const o = await f.connect(other.access_token, 'oth-1');
    for (const c of [a, r, o]) await c.send({ type: 'pull', since: 0, limit: 1000 });
    const otherBefore = o.socket.frames.length;
    await r.send({ type: 'push', envelopes: [env(rep.account_id, 1, { stage: 'won' }, 'rec-shared')] });
    await waitFor(() => a.socket.of('updates').some((u) => u.source === 'live'), 'live update at the admin');
    const live = a.socket
      .of('updates')
      .filter((u) => u.source === 'live')
      .flatMap((u) => u.updates);
    expect(live.map((u) => u.record_id)).toEqual(['rec-shared']);
    expect(fieldsOf(live.map((u) => u.update))).toEqual({ stage: 'won' });
    expect(r.socket.of('updates').filter((u) => u.source === 'live')).toEqual([]);
    expect(o.socket.frames.length).toBe(otherBefore);
    // The other team's own push reaches neither North member.
    await o.send({ type: 'push', envelopes: [env(other.account_id, 1, { name: 'south' })] });
    expect(
      a.socket
        .of('updates')
        .filter((u) => u.source === 'live')
        .flatMap((u) => u.updates),
    ).toHaveLength(1);
    for (const c of [a, r, o]) c.close();
  });

  it('refuses a viewer push and stores nothing', async () => {
    const v = await f.connect(viewer.access_token, 'vie-1');
    const head = await f.store.updates.headSeq(admin.team_id);
    await v.send({ type: 'push', envelopes: [env(viewer.account_id, 1, { name: 'nope' })] });
    expect(v.socket.of('error')[0]).toMatchObject({ code: 'forbidden', client_seq: 1 });
    expect(v.socket.of('ack')).toEqual([]);
    expect(await f.store.updates.headSeq(admin.team_id)).toBe(head);
    v.close();
  });

  it('refuses a push with a forged writer, an unknown entity or bytes that are not a Yjs update, storing none of it', async () => {
    const r = await f.connect(rep.access_token, 'rep-1');
    const head = await f.store.updates.headSeq(admin.team_id);
    await r.send({ type: 'push', envelopes: [env(rep.account_id, 10, { a: '1' }), env(admin.account_id, 11, { a: '2' })] });
    await r.send({ type: 'push', envelopes: [{ ...env(rep.account_id, 12, { a: '3' }), entity: 'spaceship' }] });
    await r.send({ type: 'push', envelopes: [{ ...env(rep.account_id, 13, {}), update: new Uint8Array([255, 255, 255, 255, 255, 1]) }] });
    expect(r.socket.of('error').map((e) => [e.code, e.client_seq])).toEqual([
      ['invalid_update', 11],
      ['invalid_update', 12],
      ['invalid_update', 13],
    ]);
    expect(await f.store.updates.headSeq(admin.team_id)).toBe(head);
    r.close();
  });

  it('refuses updates the shared document code rejects: a writer entry naming another member, a foreign shape', async () => {
    const r = await f.connect(rep.access_token, 'rep-1');
    const head = await f.store.updates.headSeq(admin.team_id);
    await r.send({
      type: 'push',
      envelopes: [{ ...env(rep.account_id, 20, {}), update: recordUpdate({ name: 'x' }, undefined, { userId: admin.account_id }) }],
    });
    const doc = new Y.Doc();
    doc.getMap('fields').set('name', 'old format');
    await r.send({ type: 'push', envelopes: [{ ...env(rep.account_id, 21, {}), update: Y.encodeStateAsUpdate(doc) }] });
    expect(r.socket.of('error').map((e) => [e.code, e.client_seq, e.message.split(':')[0]])).toEqual([
      ['invalid_update', 20, 'forged_writer'],
      ['invalid_update', 21, 'malformed'],
    ]);
    await r.send({
      type: 'push',
      envelopes: [{ ...env(rep.account_id, 22, {}), update: recordUpdate({ name: 'mine' }, undefined, { userId: rep.account_id }) }],
    });
    expect(r.socket.of('ack').flatMap((a) => a.acks)).toEqual([{ client_seq: 22, seq: head + 1 }]);
    r.close();
  });

  it('stores an update reusing a number of the device again unless it is the same update (an install restored from a backup)', async () => {
    const token = await f.identity.token({ email: 'ada@north.test', password: 'password-1234', device_id: 'adm-restored' });
    const a = await f.connect(token.access_token, 'adm-restored');
    const one = env(admin.account_id, 1, { name: 'first life' }, 'rs-1');
    await a.send({ type: 'push', envelopes: [one, env(admin.account_id, 2, { name: 'x' }, 'rs-2')] });
    await a.send({ type: 'push', envelopes: [one] });
    const [first, resend] = a.socket.of('ack');
    expect(resend.acks).toEqual([{ client_seq: 1, seq: first.acks[0].seq }]);
    // Restored from a backup, the install numbers from 2 again, for other changes.
    await a.send({
      type: 'push',
      envelopes: [env(admin.account_id, 2, { name: 'second life' }, 'rs-3'), env(admin.account_id, 1, { name: 'edited' }, 'rs-1')],
    });
    const acks = a.socket.of('ack').at(-1)!.acks;
    expect(acks.map((x) => x.seq)).toEqual([first.acks[1].seq + 1, first.acks[1].seq + 2]);
    const rows = await f.store.updates.since(admin.team_id, first.acks[0].seq - 1, 100);
    expect(rows.map((r) => r.record_id)).toEqual(['rs-1', 'rs-2', 'rs-3', 'rs-1']);
    a.close();
  });

  it('answers malformed and oversized frames with typed errors and keeps serving', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    const conn = f.core.handleConnection(a.socket, 'test');
    conn.receive(new Uint8Array([2, 1, 200]));
    conn.receive(new Uint8Array(MAX_FRAME_BYTES + 10));
    conn.receive(encodeFrame({ type: 'ping', nonce: 9 }));
    await conn.session.queue;
    expect(a.socket.of('error').map((e) => e.code)).toEqual(['malformed_frame', 'frame_too_large']);
    expect(a.socket.of('pong')).toEqual([{ type: 'pong', nonce: 9 }]);
    conn.closed();
    a.close();
  });

  it('rate-limits a flood of frames', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    const s = new FakeSocket();
    const conn = f.core.handleConnection(s, 'test');
    for (let i = 0; i < 600; i++) conn.receive(encodeFrame({ type: 'ping', nonce: i }));
    await conn.session.queue;
    expect(s.of('error').some((e) => e.code === 'rate_limited')).toBe(true);
    expect(s.of('pong').length).toBeLessThan(600);
    conn.closed();
    a.close();
  });
});
