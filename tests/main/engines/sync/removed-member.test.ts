import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam, joinTeam } from '../../../helpers/team-setup';
import { TestSocket } from '../../../helpers/ws-client';
import { STORE_FILE } from '../../../../src/main/app/create-engine';

/**
 * A member removed from the team: their install is told (status `removed`, a `sync_status`
 * message), stops syncing (also after a restart), and can delete the team's data from the
 * laptop with `POST /api/v1/sync/wipe/`, which wants its confirmation and the right person.
 */
const OWNER = { email: 'owner@removal.test', password: 'owner-password-1', username: 'owner' };
const REP = { email: 'leaving@removal.test', password: 'rep-password-12' };
const MARKER = 'PUBLIC-before-removal-q9';

let relayDir: string;
let relay: RelayProcess;
let admin: Install;
let rep: Install;
let activity: TestSocket | undefined;

const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);
const leads = (i: Install) => i.api('GET', '/api/v1/leads/?page_size=100').then((r) => r.body);

function storeBytes(i: Install): Buffer {
  const files = [STORE_FILE, `${STORE_FILE}-wal`].map((f) => join(i.dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  admin = await startInstall({ admin: OWNER });
  await createTeam(admin, relay.url, OWNER, 'Removal');
  rep = await joinTeam(admin, relay.url, REP, 'sales_rep');
}, 120_000);

afterAll(async () => {
  activity?.ws.close();
  await admin?.stop();
  await rep?.stop();
  await relay?.stop();
  for (const dir of [relayDir, admin?.dataDir, rep?.dataDir]) if (dir) removeDir(dir);
});

describe('a member removed from the team', () => {
  it('is told, and stops syncing, also after a restart', async () => {
    const lead = await admin.api('POST', '/api/v1/leads/', { email: 'kept@removal.test', company_name: MARKER });
    await eventually(
      () => leads(rep),
      (l) => l.results.some((x: { id: string }) => x.id === lead.body.id),
      "the lead on the rep's install",
    );
    activity = await TestSocket.connect(rep.server.url, '/ws/activity/', rep.token);

    const me = (await rep.api('GET', '/api/v1/auth/me/')).body;
    expect((await admin.api('DELETE', `/api/v1/sync/members/${me.id}/`)).status).toBe(204);
    const removed = await eventually(
      () => status(rep),
      (s) => s.state === 'removed',
      'the rep told',
    );
    expect(removed.last_error).toMatch(/removed from the team/);
    await activity.next((m) => m.type === 'sync_status' && m.status.state === 'removed');

    // Nothing more arrives or leaves.
    const later = await admin.api('POST', '/api/v1/leads/', { email: 'later@removal.test' });
    const local = await rep.api('POST', '/api/v1/leads/', { email: 'local@removal.test' });
    expect(local.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await leads(rep)).results.map((x: { id: string }) => x.id)).not.toContain(later.body.id);
    expect((await admin.api('GET', `/api/v1/leads/${local.body.id}/`)).status).toBe(404);

    await rep.stop();
    rep = await startInstall({ dataDir: rep.dataDir });
    rep.token = (await rep.api('POST', '/api/v1/auth/token/', { username: 'leaving', password: REP.password })).body.access;
    await new Promise((r) => setTimeout(r, 500));
    expect((await status(rep)).state).toBe('removed');
  }, 60_000);

  it("wipes the team's data from the laptop only when confirmed, by the right person, not while connected", async () => {
    const missing = await rep.api('POST', '/api/v1/sync/wipe/', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.confirm).toBeDefined();
    expect((await rep.api('POST', '/api/v1/sync/wipe/', { confirm: 'yes' })).status).toBe(400);
    expect((await rep.api('POST', '/api/v1/sync/wipe/', { confirm: 'wipe', extra: 1 })).body.error.fields.extra).toBeDefined();
    expect((await leads(rep)).count).toBeGreaterThan(0);

    // Connected to its team: the admin's own install refuses (the next catch-up would bring it all back).
    expect((await admin.api('POST', '/api/v1/sync/wipe/', { confirm: 'wipe' })).status).toBe(409);
    // A non-admin account of an install that was not removed may not wipe it.
    await admin.api('POST', '/api/v1/users/', { username: 'helper', email: 'helper@removal.test', password: 'helper-pass-123', role: 'sales_rep' });
    const helperToken = (await admin.api('POST', '/api/v1/auth/token/', { username: 'helper', password: 'helper-pass-123' })).body.access;
    const asHelper = await fetch(`${admin.server.url}/api/v1/sync/wipe/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${helperToken}` },
      body: JSON.stringify({ confirm: 'wipe' }),
    });
    expect(asHelper.status).toBe(403);

    const wiped = await rep.api('POST', '/api/v1/sync/wipe/', { confirm: 'wipe' });
    expect(wiped.status).toBe(200);
    expect(wiped.body.status.state).toBe('disabled');
    expect(wiped.body.wiped.kept_accounts).toBe(1);
    expect((await leads(rep)).count).toBe(0);
    expect((await rep.api('GET', '/api/v1/audit-trail/')).body.count).toBe(0);
    await rep.stop();
    expect(storeBytes(rep).includes(Buffer.from(MARKER))).toBe(false);
    expect(storeBytes(admin).includes(Buffer.from(MARKER))).toBe(true);
    // The laptop's own account still signs in.
    rep = await startInstall({ dataDir: rep.dataDir });
    const signIn = await rep.api('POST', '/api/v1/auth/token/', { username: 'leaving', password: REP.password });
    expect(signIn.status).toBe(200);
  }, 60_000);
});
