import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOC_SCHEMA_V2 } from '../../../../src/shared/record-doc/doc-format';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { spawnHeadless, type HeadlessProcess } from '../../../helpers/headless-process';
import { eventually, httpCall as call, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam } from '../../../helpers/team-setup';

const OWNER = { email: 'boss@epoch-crash.test', password: 'boss-password-1', username: 'boss' };
const NEW = { email: 'new@epoch-crash.test', password: 'new-password-12' };
// Bootstrap pages are cut by bytes: 1 KB of notes per record makes the re-bootstrap several
// pages and its swap several batches, so the test can kill it midway.
const RECORDS = 6000;

const dirs: string[] = [];
let relay: RelayProcess | undefined;
let a: Install | undefined;
let b: HeadlessProcess | undefined;

afterAll(async () => {
  await b?.crash();
  await a?.stop();
  await relay?.stop();
  for (const d of dirs) removeDir(d);
});

describe('an install re-bootstrapping after its team compacted', () => {
  it('killed -9 midway, it resumes where it stopped and ends with every record and its unsent edit, once', async () => {
    const relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
    dirs.push(relayDir);
    relay = await spawnRelay(relayDir);
    a = await startInstall({ admin: OWNER });
    dirs.push(a.dataDir);
    const records = a.server.engine.records;
    records.docVersion = DOC_SCHEMA_V2;
    for (let start = 0; start < RECORDS; start += 500) {
      records.transaction(() => {
        for (let i = start; i < start + 500; i++)
          records.create('lead', { email: `e${i}@epoch.test`, first_name: `Epoch${i}`, notes: 'n'.repeat(1000) }, { actor: null, origin: 'api' });
      });
    }
    await createTeam(a, relay.url, OWNER, 'Crash', (s) => s.state === 'connected' && s.pending === 0);
    const invite = await a.api('POST', '/api/v1/sync/invites/', { email: NEW.email, role: 'manager' });

    const dirB = mkdtempSync(join(tmpdir(), 'crm-epoch-'));
    dirs.push(dirB);
    b = await spawnHeadless(dirB);
    const joined = await call(b.url, 'POST', '/api/v1/sync/join/', { relay_url: relay.url, invite_code: invite.body.code, ...NEW });
    expect(joined.status).toBe(201);
    let token = joined.body.access;
    const syncOf = async () => (await call(b!.url, 'GET', '/api/v1/sync/status/', undefined, token)).body;
    const epochOf = async () => (await call(b!.url, 'GET', '/api/v1/system/status/', undefined, token)).body.epoch_rebootstrap;
    await eventually(syncOf, (s) => s.state === 'connected' && s.bootstrap === null, 'B bootstrapped', 120_000);
    const target = (await call(b.url, 'GET', '/api/v1/leads/?page_size=1&ordering=email', undefined, token)).body.results[0];

    const admin = await call(relay.url, 'POST', '/v1/token', { email: OWNER.email, password: OWNER.password, device_id: 'owner-http' });
    expect((await call(relay.url, 'POST', '/v1/compaction', undefined, admin.body.access_token)).status).toBe(202);
    // An edit on B while the relay rewrites: refused or held back, it stays in B's outbox.
    expect((await call(b.url, 'PATCH', `/api/v1/leads/${target.id}/`, { first_name: 'EditedDuringCompaction' }, token)).status).toBe(200);

    const midway = await eventually(
      epochOf,
      (e) => (e.state === 'staging' && e.staged > 0) || (e.state === 'swapping' && e.swapped > 0),
      'a re-bootstrap midway',
      120_000,
    );
    await b.crash();

    b = await spawnHeadless(dirB);
    token = (await call(b.url, 'POST', '/api/v1/auth/token/', { email: NEW.email, password: NEW.password })).body.access;
    const done = await eventually(epochOf, (e) => e.state === 'done' && e.epoch === 1, 'B re-bootstrapped after the restart', 180_000);
    await eventually(syncOf, (s) => s.state === 'connected' && s.pending === 0, 'B pushed its edit', 60_000);
    expect(['staging', 'swapping']).toContain(midway.state);
    expect(done.last.swapped + done.last.merged).toBeGreaterThanOrEqual(RECORDS);

    expect((await call(b.url, 'GET', '/api/v1/leads/?page_size=1', undefined, token)).body.count).toBe(RECORDS);
    const onB = (await call(b.url, 'GET', `/api/v1/leads/${target.id}/`, undefined, token)).body;
    expect(onB.first_name).toBe('EditedDuringCompaction');
    const onA = await eventually(
      () => a!.api('GET', `/api/v1/leads/${target.id}/`).then((r) => r.body),
      (l) => l.first_name === 'EditedDuringCompaction',
      "A receives B's edit",
      60_000,
    );
    expect(onA.updated_at).toBe(onB.updated_at);
    // The same records, read the same, on both installs (a sample page).
    const page = '/api/v1/leads/?page_size=100&ordering=email';
    expect((await call(b.url, 'GET', page, undefined, token)).body.results).toEqual((await a.api('GET', page)).body.results);
  }, 400_000);
});
