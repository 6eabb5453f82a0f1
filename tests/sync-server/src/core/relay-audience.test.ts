import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateEnvelope } from '../../../../src/shared/sync/sync-protocol';
import { scopedDocId } from '../../../../src/shared/record-doc/scoped-doc';
import { recordUpdate, startCoreFixture, waitFor, type CoreFixture } from '../../../helpers/relay-fixtures';

/**
 * Role-restricted documents (`<record>::<scope>`): the relay stores them like any update but
 * sends them, live, in catch-up and in bootstrap, only to members whose role is in the audience
 * their envelope names; an envelope that leaves the audience out or names another one is refused.
 */
let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string };
let manager: { access_token: string; account_id: string };
let rep: { access_token: string; account_id: string };

async function invited(role: string, email: string, device: string) {
  const inv = await f.identity.createInvite({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' }, { email, role });
  return f.identity.join({ invite_code: inv.code, email, password: 'password-1234', device_id: device });
}

const MANAGER_ONLY = scopedDocId('lead-1', ['manager']);
const env = (clientSeq: number, recordId: string, audience: string[] | undefined, value: string, writer = admin.account_id): UpdateEnvelope => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer,
  client_seq: clientSeq,
  update: recordUpdate({ 'custom_fields.margin': value }),
  audience,
});

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
  manager = await invited('manager', 'mia@north.test', 'man-1');
  rep = await invited('sales_rep', 'rex@north.test', 'rep-1');
});
afterAll(() => f.close());

const bytesOf = (frames: unknown[]) => JSON.stringify(frames, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));

describe('relay audiences', () => {
  it('refuses a restricted document without its audience, with another audience, or from a role outside it', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    await a.send({ type: 'push', envelopes: [env(1, MANAGER_ONLY, undefined, 'x')] });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'invalid_update', client_seq: 1, message: expect.stringContaining('audience missing') });
    await a.send({ type: 'push', envelopes: [env(2, MANAGER_ONLY, ['admin'], 'x')] });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'invalid_update', client_seq: 2 });
    await a.send({ type: 'push', envelopes: [env(3, 'lead-1', ['admin', 'manager'], 'x')] });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'invalid_update', client_seq: 3 });
    a.close();
    const r = await f.connect(rep.access_token, 'rep-1');
    await r.send({ type: 'push', envelopes: [env(1, MANAGER_ONLY, ['admin', 'manager'], 'x', rep.account_id)] });
    expect(r.socket.of('error').at(-1)).toMatchObject({ code: 'invalid_update', message: expect.stringContaining('audience') });
    r.close();
    expect(await f.store.updates.since(admin.team_id, 0, 100)).toHaveLength(0);
  });

  it('sends a restricted document live, in catch-up and in bootstrap to its audience only', async () => {
    const m = await f.connect(manager.access_token, 'man-1');
    const r = await f.connect(rep.access_token, 'rep-1');
    for (const s of [m, r]) await s.send({ type: 'pull', since: 0, limit: 100 });
    const a = await f.connect(admin.access_token, 'adm-1');
    await a.send({ type: 'push', envelopes: [env(10, 'lead-1', [], 'public-value'), env(11, MANAGER_ONLY, ['admin', 'manager'], 'hidden-value')] });
    expect(a.socket.of('ack').at(-1)!.acks).toHaveLength(2);
    await waitFor(
      () => r.socket.of('updates').some((u) => u.source === 'live') && m.socket.of('updates').some((u) => u.updates.some((x) => x.record_id === MANAGER_ONLY)),
      'live frames',
    );
    expect(bytesOf(r.socket.frames)).toContain('public-value');
    expect(bytesOf(r.socket.frames)).not.toContain('hidden-value');
    expect(
      m.socket
        .of('updates')
        .flatMap((u) => u.updates)
        .find((x) => x.record_id === MANAGER_ONLY)?.audience,
    ).toEqual(['admin', 'manager']);

    for (const s of [a, m, r]) s.close();
    // Reconnecting (a token is bound to its device): catch-up from 0, then a bootstrap.
    for (const [who, token, device] of [
      ['rep', rep.access_token, 'rep-1'],
      ['manager', manager.access_token, 'man-1'],
    ] as const) {
      const s = await f.connect(token, device);
      await s.send({ type: 'pull', since: 0, limit: 100 });
      await s.send({ type: 'bootstrap', cursor: null });
      const ids = [...s.socket.of('updates').flatMap((u) => u.updates), ...s.socket.of('bootstrap_page').flatMap((p) => p.records)].map((x) => x.record_id);
      if (who === 'rep') {
        expect(ids).toEqual(['lead-1', 'lead-1']);
        expect(s.socket.of('bootstrap_page')[0].total_records).toBe(1);
        expect(bytesOf(s.socket.frames)).not.toContain('hidden-value');
      } else {
        expect(ids.filter((id) => id === MANAGER_ONLY)).toHaveLength(2);
      }
      s.close();
    }
  });
});
