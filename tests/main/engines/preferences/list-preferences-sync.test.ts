import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam, joinTeam } from '../../../helpers/team-setup';

/**
 * Column choices across installs: a real relay process and three headless installs. The owner
 * works on A; a sales rep has two devices, B and C (joined with two invites to the same email).
 */
const OWNER = { email: 'owner@prefs.test', password: 'owner-password-1', username: 'owner' };
const REP = { email: 'rep@prefs.test', password: 'rep-password-12' };
const path = '/api/v1/preferences/list-columns/lead/';

let relayDir: string;
let relay: RelayProcess;
let a: Install;
let b: Install;
let c: Install;

const columnsOn = (i: Install) => i.api('GET', path).then((r) => r.body.columns as string[] | null);

/** Another install of the same rep: connected, and its bootstrap done. */
const joinAsRep = () => joinTeam(a, relay.url, REP, 'sales_rep', (s) => s.state === 'connected' && !s.bootstrap);

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  a = await startInstall({ admin: OWNER });
  await createTeam(a, relay.url, OWNER, 'Prefs');
  b = await joinAsRep();
  c = await joinAsRep();
}, 120_000);

afterAll(async () => {
  for (const i of [a, b, c]) await i?.stop();
  await relay?.stop();
  for (const dir of [relayDir, a?.dataDir, b?.dataDir, c?.dataDir]) if (dir) removeDir(dir);
});

describe('a column choice follows its user to their other install, and only them', () => {
  it("the rep's choice on B reaches C; the owner keeps their own", async () => {
    const me = (await b.api('GET', '/api/v1/auth/me/')).body;
    expect((await c.api('GET', '/api/v1/auth/me/')).body.id).toBe(me.id);

    await a.api('PUT', path, { columns: ['email', 'priority'] });
    const put = await b.api('PUT', path, { columns: ['status', 'email', 'lead_score'], widths: { email: 320 } });
    expect(put.status).toBe(200);
    const onC = await eventually(
      () => c.api('GET', path).then((r) => r.body),
      (v) => v.columns !== null,
      "B's choice on C",
    );
    expect(onC).toMatchObject({ columns: ['status', 'email', 'lead_score'], widths: { email: 320 } });

    // A change on C comes back to B.
    await c.api('PUT', path, { columns: ['lead_score', 'status'] });
    await eventually(
      () => columnsOn(b),
      (cols) => cols?.[0] === 'lead_score',
      "C's change on B",
    );

    // The owner's own choice is untouched by the rep's, and theirs did not become the rep's.
    expect(await columnsOn(a)).toEqual(['email', 'priority']);
    await eventually(
      () => columnsOn(b),
      (cols) => cols?.join() === 'lead_score,status',
      'B settled',
    );
  }, 60_000);

  it("a teammate's install cannot rewrite someone else's choice: the rep's installs refuse it", async () => {
    const rep = (await b.api('GET', '/api/v1/auth/me/')).body;
    const db = a.server.engine.db;
    const doc = await eventually(
      async () => db.prepare("SELECT id FROM list_preferences WHERE owner_id = ? AND entity = 'lead'").get(rep.id) as { id: string } | undefined,
      (row) => row !== undefined,
      "the rep's preference document on A",
    );
    const owner = (await a.api('GET', '/api/v1/auth/me/')).body;
    // Written below the API (which only lets people write their own), as a modified install could.
    a.server.engine.records.update('list_preference', doc!.id, { layout: { columns: ['email'], widths: {} } }, { actor: owner.id, origin: 'api' });
    await eventually(
      async () =>
        b.server.engine.db.prepare("SELECT reason FROM sync_parked WHERE record_id = ? AND status = 'refused'").get(doc!.id) as { reason: string } | undefined,
      (row) => row?.reason === 'privilege',
      'the forged write refused on B',
    );
    expect(await columnsOn(b)).toEqual(['lead_score', 'status']);
  }, 60_000);
});
