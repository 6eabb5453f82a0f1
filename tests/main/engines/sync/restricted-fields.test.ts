import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { startTap, type TcpTap } from '../../../helpers/tcp-tap';
import { TestSocket } from '../../../helpers/ws-client';
import { STORE_FILE } from '../../../../src/main/app/create-engine';

/**
 * Values of a manager-only custom field never reach a sales rep's device: a TCP tap between
 * the rep's install and the relay keeps every byte the rep receives (live updates, catch-up
 * after being offline, a new device's bootstrap, notifications, HTTP answers), the rep's own
 * `/ws/activity/` and `/ws/notifications/` are recorded, and the rep's SQLite files are read
 * raw afterwards. Each check has a control: a public value written alongside is found in the
 * same bytes, so the search would have found the secret had it been there.
 */
const OWNER = { email: 'owner@restricted.test', password: 'owner-password-1', username: 'owner' };
const MANAGER = { email: 'manager@restricted.test', password: 'manager-pass-12' };
const REP = { email: 'rep@restricted.test', password: 'rep-password-12' };
const REP2 = { email: 'rep2@restricted.test', password: 'rep2-password-12' };
const MANAGER2 = { email: 'manager2@restricted.test', password: 'manager2-pass-12' };

const SECRETS = ['SECRET-margin-ab12cd', 'SECRET-margin-ef34gh', 'SECRET-margin-ij56kl', 'SECRET-margin-mn78op'];

let relayDir: string;
let relay: RelayProcess;
let admin: Install;
let manager: Install;
let rep: Install;
let rep2: Install | undefined;
let manager2: Install | undefined;
let repTap: TcpTap;
let rep2Tap: TcpTap | undefined;
let repSockets: TestSocket[] = [];
let leadId: string;
let fieldId: string;

const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);
const leadOn = (i: Install, id: string) => i.api('GET', `/api/v1/leads/${id}/`).then((r) => r.body);

async function joinTeam(through: string, who: { email: string; password: string }, role: string): Promise<Install> {
  const invite = await admin.api('POST', '/api/v1/sync/invites/', { email: who.email, role });
  expect(invite.status).toBe(201);
  const install = await startInstall();
  const joined = await install.api('POST', '/api/v1/sync/join/', { relay_url: through, invite_code: invite.body.code, ...who });
  expect(joined.status).toBe(201);
  install.token = joined.body.access;
  await eventually(
    () => status(install),
    (s) => s.state === 'connected' && s.bootstrap === null,
    `${role} connected`,
    30_000,
  );
  return install;
}

function storeBytes(i: Install): Buffer {
  const files = [STORE_FILE, `${STORE_FILE}-wal`].map((f) => join(i.dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

function expectAbsent(bytes: Buffer, secrets: readonly string[], control: string): void {
  expect(bytes.includes(Buffer.from(control)), `control value ${control} is in the bytes`).toBe(true);
  for (const s of secrets) expect(bytes.includes(Buffer.from(s)), `${s} reached the rep`).toBe(false);
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  admin = await startInstall({ admin: OWNER });
  const created = await admin.api('POST', '/api/v1/sync/team/', {
    relay_url: relay.url,
    team_name: 'Restricted',
    email: OWNER.email,
    password: OWNER.password,
  });
  expect(created.status).toBe(201);
  const field = await admin.api('POST', '/api/v1/custom-fields/', {
    name: 'margin_note',
    label: 'Margin note',
    field_type: 'text',
    content_type: 'lead',
    visible_to_roles: ['manager'],
  });
  expect(field.status).toBe(201);
  fieldId = field.body.id;
  await eventually(
    () => status(admin),
    (s) => s.state === 'connected' && s.pending === 0,
    'admin connected',
  );
  manager = await joinTeam(relay.url, MANAGER, 'manager');
  repTap = await startTap(relay.url);
  rep = await joinTeam(repTap.url, REP, 'sales_rep');
  repSockets = await Promise.all(['/ws/activity/', '/ws/notifications/'].map((p) => TestSocket.connect(rep.server.url, p, rep.token)));
}, 120_000);

afterAll(async () => {
  for (const s of repSockets) s.ws.close();
  for (const i of [admin, manager, rep, manager2]) await i?.stop();
  await repTap?.close();
  await rep2Tap?.close();
  await relay?.stop();
  for (const dir of [relayDir, admin?.dataDir, manager?.dataDir, rep?.dataDir, rep2?.dataDir, manager2?.dataDir]) if (dir) removeDir(dir);
});

describe('a manager-only custom field', () => {
  it("reaches the manager live and none of the rep's frames, sockets or files", async () => {
    const me = (await rep.api('GET', '/api/v1/auth/me/')).body;
    const lead = await admin.api('POST', '/api/v1/leads/', {
      email: 'deal@restricted.test',
      company_name: 'PUBLIC-created-1',
      assigned_to: me.id,
      custom_fields: { margin_note: SECRETS[0] },
    });
    expect(lead.status).toBe(201);
    leadId = lead.body.id;
    expect((await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { custom_fields: { margin_note: SECRETS[1] } })).status).toBe(200);
    expect((await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { company_name: 'PUBLIC-edited-2' })).status).toBe(200);

    // The record's document and its restricted document travel separately: wait for both.
    await eventually(
      () => leadOn(manager, leadId),
      (l) => l.custom_fields?.margin_note === SECRETS[1] && l.company_name === 'PUBLIC-edited-2',
      "the value on the manager's install",
    );
    // The relay sends in seq order: once the later public edit is on the rep's install, every earlier frame was delivered.
    const onRep = await eventually(
      () => leadOn(rep, leadId),
      (l) => l.company_name === 'PUBLIC-edited-2',
      "the public edit on the rep's install",
    );
    expect(onRep.custom_fields).toEqual({});
    await eventually(
      async () => repSockets[1].messages.length,
      (n) => n > 1,
      "the assignment notification on the rep's socket",
    );

    expectAbsent(repTap.received(), SECRETS, 'PUBLIC-edited-2');
    // Activity messages name fields, not values: their control is the record's id.
    expectAbsent(Buffer.from(JSON.stringify(repSockets.map((s) => s.messages))), SECRETS, leadId);
    // The admin's own copy of the record's document (what every member receives) holds no restricted value either.
    const mainDoc = admin.server.engine.db.prepare('SELECT state FROM record_docs WHERE id = ?').get(leadId) as { state: Buffer };
    expect(mainDoc.state.includes(Buffer.from(SECRETS[1]))).toBe(false);
    expect((await leadOn(admin, leadId)).custom_fields.margin_note).toBe(SECRETS[1]);
  }, 60_000);

  it("stays off the rep's device through a catch-up after being offline", async () => {
    repTap.block();
    await eventually(
      () => status(rep),
      (s) => s.state !== 'connected',
      'the rep offline',
    );
    await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { custom_fields: { margin_note: SECRETS[2] } });
    await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { company_name: 'PUBLIC-offline-3' });
    repTap.unblock();
    await eventually(
      () => leadOn(rep, leadId),
      (l) => l.company_name === 'PUBLIC-offline-3',
      "the catch-up on the rep's install",
      30_000,
    );
    await eventually(
      () => leadOn(manager, leadId),
      (l) => l.custom_fields?.margin_note === SECRETS[2],
      "the new value on the manager's install",
    );
    expectAbsent(repTap.received(), SECRETS, 'PUBLIC-offline-3');
    // Read while the install runs: committed pages are in the file or its write-ahead log.
    expectAbsent(storeBytes(rep), SECRETS, 'PUBLIC-offline-3');
  }, 60_000);

  it('stays off a new rep device bootstrapping the team, and reaches a manager device the same way', async () => {
    await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { custom_fields: { margin_note: SECRETS[3] } });
    await eventually(
      () => status(admin),
      (s) => s.pending === 0,
      "the admin's outbox sent",
    );
    rep2Tap = await startTap(relay.url);
    rep2 = await joinTeam(rep2Tap.url, REP2, 'sales_rep');
    const onRep2 = await eventually(
      () => leadOn(rep2!, leadId),
      (l) => l.company_name === 'PUBLIC-offline-3',
      'the lead on the new device',
    );
    expect(onRep2.custom_fields).toEqual({});
    expectAbsent(rep2Tap.received(), SECRETS, 'PUBLIC-offline-3');
    await rep2.stop();
    expectAbsent(storeBytes(rep2), SECRETS, 'PUBLIC-offline-3');

    // A new manager device gets the restricted document in its bootstrap and shows the value.
    manager2 = await joinTeam(relay.url, MANAGER2, 'manager');
    const onManager2 = await eventually(
      () => leadOn(manager2!, leadId),
      (l) => l.custom_fields?.margin_note === SECRETS[3],
      'the value on the new manager device',
    );
    expect(onManager2.company_name).toBe('PUBLIC-offline-3');
  }, 90_000);

  it('moves the values when an admin changes who may see the field', async () => {
    // Widened to sales reps: the admin's install writes the values into the new scope, the rep receives them.
    expect((await admin.api('PATCH', `/api/v1/custom-fields/${fieldId}/`, { visible_to_roles: ['manager', 'sales_rep'] })).status).toBe(200);
    await eventually(
      () => leadOn(rep, leadId),
      (l) => l.custom_fields?.margin_note === SECRETS[3],
      "the value on the rep's install once allowed",
      30_000,
    );
    expect((await leadOn(manager, leadId)).custom_fields.margin_note).toBe(SECRETS[3]);
    for (const i of [admin, manager, rep]) {
      await eventually(
        () => i.api('GET', `/api/v1/conflicts/?object_id=${leadId}`).then((r) => r.body.count),
        (n) => n === 0,
        'no conflict from the move',
      );
    }

    // Made public: the value moves into the record's own document.
    expect((await admin.api('PATCH', `/api/v1/custom-fields/${fieldId}/`, { visible_to_roles: [] })).status).toBe(200);
    const mainDoc = () => (admin.server.engine.db.prepare('SELECT state FROM record_docs WHERE id = ?').get(leadId) as { state: Buffer }).state;
    expect(mainDoc().includes(Buffer.from(SECRETS[3]))).toBe(true);

    // Restricted again: the value leaves the record's own document on the admin's install.
    expect((await admin.api('PATCH', `/api/v1/custom-fields/${fieldId}/`, { visible_to_roles: ['manager'] })).status).toBe(200);
    expect(mainDoc().includes(Buffer.from(SECRETS[3]))).toBe(false);
    expect((await leadOn(admin, leadId)).custom_fields.margin_note).toBe(SECRETS[3]);
    await admin.api('PATCH', `/api/v1/leads/${leadId}/`, { custom_fields: { margin_note: 'SECRET-after-narrowing' }, company_name: 'PUBLIC-after-narrowing' });
    await eventually(
      () => leadOn(manager, leadId),
      (l) => l.custom_fields?.margin_note === 'SECRET-after-narrowing',
      "the new value on the manager's install",
    );
    const onRep = await eventually(
      () => leadOn(rep, leadId),
      (l) => l.company_name === 'PUBLIC-after-narrowing',
      "the public edit on the rep's install",
    );
    // The API hides the field from reps again; the value written after narrowing never reached the rep's device.
    expect(onRep.custom_fields).toEqual({});
    expectAbsent(storeBytes(rep), ['SECRET-after-narrowing'], 'PUBLIC-after-narrowing');
  }, 90_000);
});
