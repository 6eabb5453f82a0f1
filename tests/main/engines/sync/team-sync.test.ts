import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';

/**
 * Team sync end to end: a real relay process (PGlite in a temp dir) and two headless
 * installs talking to it over TCP, each driven through its own local API.
 */
const OWNER = { email: 'owner@team.test', password: 'owner-password-1', username: 'owner' };
const REP = { email: 'rep@team.test', password: 'rep-password-12' };

let relayDir: string;
let relay: RelayProcess;
let a: Install;
let b: Install;

const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);
const leadOn = (i: Install, id: string) => i.api('GET', `/api/v1/leads/${id}/`).then((r) => r.body);

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  a = await startInstall({ admin: OWNER });
}, 90_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await relay?.stop();
  for (const dir of [relayDir, a?.dataDir, b?.dataDir]) if (dir) removeDir(dir);
});

describe('a team syncing through the relay', () => {
  it("creates a team, invites a member who joins from a new install and receives the team's data", async () => {
    expect((await status(a)).state).toBe('disabled');
    const before = await a.api('POST', '/api/v1/leads/', { email: 'first@acme.test', first_name: 'Fiona', status: 'new' });
    const created = await a.api('POST', '/api/v1/sync/team/', { relay_url: relay.url, team_name: 'Acme sales', email: OWNER.email, password: OWNER.password });
    expect(created.status).toBe(201);
    await eventually(
      () => status(a),
      (s) => s.state === 'connected' && s.pending === 0,
      'A connected with its outbox sent',
    );

    const invite = await a.api('POST', '/api/v1/sync/invites/', { email: REP.email, role: 'sales_rep' });
    expect(invite.status).toBe(201);
    b = await startInstall();
    const joined = await b.api('POST', '/api/v1/sync/join/', { relay_url: relay.url, invite_code: invite.body.code, ...REP });
    expect(joined.status).toBe(201);
    b.token = joined.body.access;
    await eventually(
      () => status(b),
      (s) => s.state === 'connected',
      'B connected',
    );
    const onB = await eventually(
      () => leadOn(b, before.body.id),
      (l) => l.first_name === 'Fiona',
      'the lead on B',
    );
    expect(onB.email).toBe('first@acme.test');
    const teamOnB = (await status(b)).team;
    expect(teamOnB).toMatchObject({ role: 'sales_rep', name: 'Acme sales' });
  }, 60_000);

  it('carries an edit each way, live', async () => {
    const lead = await b.api('POST', '/api/v1/leads/', { email: 'second@acme.test', first_name: 'Sam' });
    expect(lead.status).toBe(201);
    await eventually(
      () => leadOn(a, lead.body.id),
      (l) => l.first_name === 'Sam',
      "B's lead on A",
    );
    await a.api('PATCH', `/api/v1/leads/${lead.body.id}/`, { status: 'qualified' });
    await eventually(
      () => leadOn(b, lead.body.id),
      (l) => l.status === 'qualified',
      "A's edit on B",
    );
    // The author of B's lead, seen from A, is B's member (the same id on every install).
    const users = (await a.api('GET', '/api/v1/users/?page_size=100')).body.results.map((u: { email: string }) => u.email);
    const parked = a.server.engine.db.prepare('SELECT status, reason, detail FROM sync_parked').all();
    expect(users, JSON.stringify(parked)).toContain(REP.email);
  }, 60_000);

  it('converges after both edit offline while the relay is down, and lists the conflict on both', async () => {
    const lead = await a.api('POST', '/api/v1/leads/', { email: 'offline@acme.test', status: 'new', priority: 'low' });
    await eventually(
      () => leadOn(b, lead.body.id),
      (l) => l.email === 'offline@acme.test',
      'the lead on B',
    );
    const port = Number(new URL(relay.url).port);
    await relay.crash();
    await eventually(
      () => status(a),
      (s) => s.state !== 'connected',
      'A offline',
    );
    await a.api('PATCH', `/api/v1/leads/${lead.body.id}/`, { status: 'contacted', phone: '+1 555 0100' });
    await new Promise((r) => setTimeout(r, 20));
    await b.api('PATCH', `/api/v1/leads/${lead.body.id}/`, { status: 'lost', priority: 'high' });
    expect((await status(a)).pending).toBeGreaterThan(0);
    relay = await spawnRelay(relayDir, port);
    const [onA, onB] = await Promise.all([
      eventually(
        () => leadOn(a, lead.body.id),
        (l) => l.priority === 'high',
        "B's offline edit on A",
        30_000,
      ),
      eventually(
        () => leadOn(b, lead.body.id),
        (l) => l.phone === '+1 555 0100',
        "A's offline edit on B",
        30_000,
      ),
    ]);
    expect(onA.status).toBe(onB.status);
    for (const i of [a, b]) {
      const conflicts = await i.api('GET', `/api/v1/conflicts/?object_id=${lead.body.id}`);
      expect(conflicts.body.count).toBe(1);
      expect(conflicts.body.results[0].field).toBe('status');
    }
    await eventually(
      () => status(a),
      (s) => s.state === 'connected' && s.pending === 0,
      'A drained',
    );
  }, 90_000);
});

describe('notifications and membership across installs', () => {
  it('an assignment made on one install notifies the assignee on theirs, once', async () => {
    const rep = (await b.api('GET', '/api/v1/auth/me/')).body;
    const lead = await a.api('POST', '/api/v1/leads/', { email: 'assign@acme.test', assigned_to: rep.id });
    expect(lead.status).toBe(201);
    const unread = () => b.api('GET', '/api/v1/notifications/?page_size=100').then((r) => r.body.results.filter((n: any) => n.record_id === lead.body.id));
    const found = await eventually(unread, (list) => list.length > 0, 'the assignment notification on B');
    expect(found).toHaveLength(1);
    expect(found[0].type).toBe('assignment');
  }, 60_000);
});
