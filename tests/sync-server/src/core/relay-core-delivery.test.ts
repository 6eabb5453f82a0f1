import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { encodeFrame } from '../../../../src/shared/sync/frame-codec';
import { MAX_FRAME_BYTES, type BootstrapCursor } from '../../../../src/shared/sync/sync-protocol';
import { CLOSE_CODES } from '../../../../sync-server/src/core/relay-session';
import { fieldsOf, recordUpdate, startCoreFixture, waitFor, type CoreFixture } from '../../../helpers/relay-fixtures';

let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string };

async function member(role: string, email: string, device: string) {
  const inv = await f.identity.createInvite({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' }, { email, role });
  return f.identity.join({ invite_code: inv.code, email, password: 'password-1234', device_id: device });
}

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
});
afterAll(() => f.close());

describe('relay core delivery', () => {
  it('closes a removed member at once and sends their socket nothing more', async () => {
    const rep = await member('sales_rep', 'rita@north.test', 'rita-1');
    const a = await f.connect(admin.access_token, 'adm-1');
    const r = await f.connect(rep.access_token, 'rita-1');
    await r.send({ type: 'pull', since: 0, limit: 100 });
    await f.identity.removeMember({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' }, rep.account_id);
    expect(r.socket.closedWith?.code).toBe(CLOSE_CODES.removed);
    const seen = r.socket.frames.length;
    await a.send({
      type: 'push',
      envelopes: [{ record_id: 'after-removal', entity: 'lead', schema_version: 2, writer: admin.account_id, client_seq: 1, update: recordUpdate({ x: '1' }) }],
    });
    await new Promise((res) => setTimeout(res, 30));
    expect(r.socket.frames.length).toBe(seen);
    // A token issued before the removal no longer opens a session.
    const again = await f.connect(rep.access_token, 'rita-1');
    expect(again.socket.of('error')[0]).toMatchObject({ code: 'not_member' });
    a.close();
  });

  it('bootstraps in pages under 1 MiB and resumes from a cursor on a new connection', async () => {
    const writer = await f.connect(admin.access_token, 'adm-1');
    const expected = new Map<string, string>();
    for (let batch = 0; batch < 6; batch++) {
      const envelopes = [];
      for (let i = 0; i < 20; i++) {
        const id = `boot-${batch}-${i}`;
        const value = randomBytes(15_000).toString('hex'); // 30 kB each, 3.6 MB in all
        expected.set(id, value);
        envelopes.push({
          record_id: id,
          entity: 'contact',
          schema_version: 2,
          writer: admin.account_id,
          client_seq: 100 + batch * 20 + i,
          update: recordUpdate({ notes: value }),
        });
      }
      await writer.send({ type: 'push', envelopes });
    }
    writer.close();
    const got = new Map<string, Uint8Array[]>();
    let cursor: BootstrapCursor | null = null;
    let pages = 0;
    let done = false;
    let total = 0;
    while (!done) {
      // A fresh connection every second page: the cursor alone is enough to resume.
      const c = await f.connect((await f.identity.token({ email: 'ada@north.test', password: 'password-1234', device_id: 'new-1' })).access_token, 'new-1');
      for (let k = 0; k < 2 && !done; k++) {
        await c.send({ type: 'bootstrap', cursor });
        const page = c.socket.of('bootstrap_page').at(-1)!;
        expect(encodeFrame(page).length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        for (const rec of page.records) got.set(rec.record_id, [...(got.get(rec.record_id) ?? []), rec.update]);
        cursor = page.cursor;
        done = page.done;
        total = page.total_records;
        pages += 1;
      }
      c.close();
    }
    expect(pages).toBeGreaterThan(3);
    expect(total).toBe(got.size);
    for (const [id, value] of expected) expect(fieldsOf(got.get(id)!)).toEqual({ notes: value });
  });

  it('compacts a record history off the hot path and catch-up still yields the same document', async () => {
    const w = await f.connect(admin.access_token, 'adm-1');
    const head = await f.store.updates.headSeq(admin.team_id);
    for (let i = 0; i < 30; i++) {
      await w.send({
        type: 'push',
        envelopes: [
          {
            record_id: 'busy',
            entity: 'lead',
            schema_version: 2,
            writer: admin.account_id,
            client_seq: 1000 + i,
            update: recordUpdate({ [`f${i % 5}`]: `v${i}` }, 500 + i),
          },
        ],
      });
    }
    const before = fieldsOf((await f.store.updates.since(admin.team_id, head, 1000)).map((r) => r.update));
    expect(await f.store.updates.compact(16, 100, 512 * 1024)).toBeGreaterThanOrEqual(1);
    const rows = (await f.store.updates.since(admin.team_id, 0, 10_000)).filter((r) => r.record_id === 'busy');
    expect(rows).toHaveLength(1);
    expect(rows[0].seq).toBe(head + 30);
    expect(fieldsOf(rows.map((r) => r.update))).toEqual(before);
    w.close();
  });

  it('delivers a notification live to each device of the addressee, at reconnect to an offline one, once per device', async () => {
    const bob = await member('sales_rep', 'bob@north.test', 'bob-laptop');
    const phone = await f.identity.token({ email: 'bob@north.test', password: 'password-1234', device_id: 'bob-phone' });
    const a = await f.connect(admin.access_token, 'adm-1');
    const laptop = await f.connect(bob.access_token, 'bob-laptop');
    const note = { type: 'notify' as const, to_account_id: bob.account_id, notification_id: 'assign-42', payload: '{"kind":"assigned","record":"lead-42"}' };
    await a.send(note);
    await a.send(note); // a resend: never twice per user
    await waitFor(() => laptop.socket.of('notification').length > 0, 'live notification');
    expect(laptop.socket.of('notification')).toHaveLength(1);
    expect(laptop.socket.of('notification')[0]).toMatchObject({ from_account_id: admin.account_id, notification_id: 'assign-42' });
    await laptop.send({ type: 'notify_ack', inbox_ids: [laptop.socket.of('notification')[0].inbox_id] });
    laptop.close();
    // The phone was offline: it gets the item when it connects, once.
    const p = await f.connect(phone.access_token, 'bob-phone');
    expect(p.socket.of('notification').map((n) => n.notification_id)).toEqual(['assign-42']);
    await p.send({ type: 'notify_ack', inbox_ids: [p.socket.of('notification')[0].inbox_id] });
    p.close();
    const p2 = await f.connect(phone.access_token, 'bob-phone');
    const l2 = await f.connect(bob.access_token, 'bob-laptop');
    expect(p2.socket.of('notification')).toEqual([]);
    expect(l2.socket.of('notification')).toEqual([]);
    // A device cannot mark another user's inbox, and the admin's inbox is untouched.
    await a.send({ type: 'notify', to_account_id: 'nobody', notification_id: 'n-2', payload: '{}' });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'not_member' });
    for (const c of [a, p2, l2]) c.close();
  });

  it('applies a role change to an open socket at once and keeps the last admin', async () => {
    const rep = await member('sales_rep', 'dora@north.test', 'dora-1');
    const adminClaims = { account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' };
    const r = await f.connect(rep.access_token, 'dora-1');
    const push = (n: number) =>
      r.send({
        type: 'push',
        envelopes: [
          { record_id: `dora-${n}`, entity: 'lead', schema_version: 2, writer: rep.account_id, client_seq: n, update: recordUpdate({ n: String(n) }) },
        ],
      });
    await push(1);
    expect(r.socket.of('ack')).toHaveLength(1);
    await f.identity.setRole(adminClaims, rep.account_id, { role: 'viewer' });
    await push(2);
    expect(r.socket.of('ack')).toHaveLength(1);
    expect(r.socket.of('error').at(-1)).toMatchObject({ code: 'forbidden', client_seq: 2 });
    await expect(f.identity.setRole(adminClaims, admin.account_id, { role: 'manager' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(f.identity.setRole({ ...adminClaims, account_id: rep.account_id }, admin.account_id, { role: 'viewer' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(f.identity.setRole(adminClaims, rep.account_id, { role: 'wizard' })).rejects.toMatchObject({ code: 'validation_failed' });
    r.close();
  });
});
