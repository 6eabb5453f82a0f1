import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRelayFrame, encodeFrame } from '../../../../src/shared/sync/frame-codec';
import { decodeDocRelayFrame, encodeDocClientFrame, isDocRelayFrame, type DocRelayFrame } from '../../../../src/shared/sync/doc-relay-frames';
import { DOC_SCHEMA_VERSION } from '../../../../src/shared/record-doc/doc-format';
import { SYNC_PROTOCOL_VERSION, type RelayFrame } from '../../../../src/shared/sync/sync-protocol';
import { DOC_CHANNEL_LIMITS } from '../../../../sync-server/src/core/doc-channel-relay';
import { startCoreFixture, type CoreFixture } from '../../../helpers/relay-fixtures';

/** Records durable frames and co-editing frames apart. */
class DocSocket {
  frames: RelayFrame[] = [];
  docs: DocRelayFrame[] = [];
  send(bytes: Uint8Array): void {
    if (isDocRelayFrame(bytes)) {
      const res = decodeDocRelayFrame(bytes);
      if (!res.ok) throw new Error(`relay sent an undecodable co-editing frame: ${res.message}`);
      this.docs.push(res.frame);
      return;
    }
    const res = decodeRelayFrame(bytes);
    if (!res.ok) throw new Error(res.message);
    this.frames.push(res.frame);
  }
  close(): void {}
  errors(): string[] {
    return this.frames.flatMap((f) => (f.type === 'error' ? [f.code] : []));
  }
}

let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string };
let rep: { access_token: string };
let other: { access_token: string };

async function connect(token: string | null, device: string) {
  const socket = new DocSocket();
  const conn = f.core.handleConnection(socket, 'test');
  if (token) {
    conn.receive(
      encodeFrame({ type: 'hello', protocol_version: SYNC_PROTOCOL_VERSION, schema_version: DOC_SCHEMA_VERSION, device_id: device, access_token: token }),
    );
    await conn.session.queue;
  }
  return { socket, conn };
}

const frame = (message = new Uint8Array([1, 2, 3])) => encodeDocClientFrame({ entity: 'lead', record_id: 'rec-1', message });

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
  const inv = await f.identity.createInvite(
    { account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' },
    { email: 'rex@north.test', role: 'viewer' },
  );
  rep = await f.identity.join({ invite_code: inv.code, email: 'rex@north.test', password: 'password-1234', device_id: 'rep-1' });
  other = await f.identity.createTeam({ team_name: 'South', email: 'sam@south.test', password: 'password-1234', device_id: 'oth-1' });
});
afterAll(() => f.close());

describe('relay: co-editing frames', () => {
  it("forwards to the team's other devices only (viewers included), naming the sender, and stores nothing", async () => {
    const head = await f.store.updates.headSeq(admin.team_id);
    const a = await connect(admin.access_token, 'adm-1');
    const r = await connect(rep.access_token, 'rep-1');
    const o = await connect(other.access_token, 'oth-1');
    a.conn.receive(frame());
    expect(r.socket.docs).toEqual([{ from_device: 'adm-1', entity: 'lead', record_id: 'rec-1', message: new Uint8Array([1, 2, 3]) }]);
    expect(a.socket.docs).toEqual([]);
    expect(o.socket.docs).toEqual([]);
    r.conn.receive(frame(new Uint8Array([9])));
    expect(a.socket.docs.map((d) => d.from_device)).toEqual(['rep-1']);
    expect(await f.store.updates.headSeq(admin.team_id)).toBe(head);
    for (const c of [a, r, o]) c.conn.closed();
  });

  it('refuses a frame before hello, a malformed one and one for an entity without notes, with typed errors', async () => {
    const anon = await connect(null, 'x');
    anon.conn.receive(frame());
    expect(anon.socket.errors()).toEqual(['handshake_required']);
    const a = await connect(admin.access_token, 'adm-1');
    const r = await connect(rep.access_token, 'rep-1');
    a.conn.receive(new Uint8Array([16, 200, 1]));
    a.conn.receive(encodeDocClientFrame({ entity: 'company', record_id: 'rec-1', message: new Uint8Array([1]) }));
    a.conn.receive(encodeDocClientFrame({ entity: 'lead', record_id: '../etc', message: new Uint8Array([1]) }));
    a.conn.receive(encodeDocClientFrame({ entity: 'lead', record_id: 'rec-1', message: new Uint8Array(0) }));
    expect(a.socket.errors()).toEqual(['malformed_frame', 'malformed_frame', 'malformed_frame', 'malformed_frame']);
    expect(r.socket.docs).toEqual([]);
    for (const c of [anon, a, r]) c.conn.closed();
  });

  it('rate-limits a device that floods the channel', async () => {
    const a = await connect(admin.access_token, 'adm-1');
    const r = await connect(rep.access_token, 'rep-1');
    const sent = DOC_CHANNEL_LIMITS.frameBurst + 20;
    for (let i = 0; i < sent; i++) a.conn.receive(frame());
    expect(a.socket.errors()).toContain('rate_limited');
    expect(r.socket.docs.length).toBeLessThan(sent);
    expect(r.socket.docs.length).toBeGreaterThanOrEqual(DOC_CHANNEL_LIMITS.frameBurst - 5);
    for (const c of [a, r]) c.conn.closed();
  });
});
