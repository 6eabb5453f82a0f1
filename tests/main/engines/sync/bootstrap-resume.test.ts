import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { spawnHeadless, type HeadlessProcess } from '../../../helpers/headless-process';
import { eventually, httpCall as call, removeDir, startInstall, type Install } from '../../../helpers/team-installs';

const OWNER = { email: 'boss@boot.test', password: 'boss-password-1', username: 'boss' };
const NEW = { email: 'new@boot.test', password: 'new-password-12' };
// Bootstrap pages are cut by bytes: each record carries 1 KB of notes so the 6,000 take several
// pages, and the test can see (and kill) a bootstrap between two of them.
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

describe('a new device bootstrapping the team', () => {
  it('killed -9 midway, it resumes where it stopped and ends with every record, once', async () => {
    const relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
    dirs.push(relayDir);
    relay = await spawnRelay(relayDir);
    a = await startInstall({ admin: OWNER });
    dirs.push(a.dataDir);
    const records = a.server.engine.records;
    for (let start = 0; start < RECORDS; start += 500) {
      records.transaction(() => {
        for (let i = start; i < start + 500; i++)
          records.create('lead', { email: `b${i}@boot.test`, first_name: `Boot${i}`, notes: 'n'.repeat(1000) }, { actor: null, origin: 'api' });
      });
    }
    expect((await a.api('POST', '/api/v1/sync/team/', { relay_url: relay.url, team_name: 'Boot', email: OWNER.email, password: OWNER.password })).status).toBe(
      201,
    );
    await eventually(
      () => a!.api('GET', '/api/v1/sync/status/').then((r) => r.body),
      (s) => s.state === 'connected' && s.pending === 0,
      'A pushed its store',
      120_000,
    );
    const invite = await a.api('POST', '/api/v1/sync/invites/', { email: NEW.email, role: 'manager' });

    const dirB = mkdtempSync(join(tmpdir(), 'crm-boot-'));
    dirs.push(dirB);
    b = await spawnHeadless(dirB);
    const joined = await call(b.url, 'POST', '/api/v1/sync/join/', { relay_url: relay.url, invite_code: invite.body.code, ...NEW });
    expect(joined.status).toBe(201);
    let token = joined.body.access;
    const statusOf = async () => (await call(b!.url, 'GET', '/api/v1/sync/status/', undefined, token)).body;
    const midway = await eventually(statusOf, (s) => (s.bootstrap?.done ?? 0) > 0 && s.bootstrap.done < s.bootstrap.total, 'a bootstrap midway', 60_000);
    await b.crash();

    b = await spawnHeadless(dirB);
    token = (await call(b.url, 'POST', '/api/v1/auth/token/', { email: NEW.email, password: NEW.password })).body.access;
    await eventually(statusOf, (s) => s.state === 'connected' && s.bootstrap === null, 'B caught up after the restart', 120_000);
    const count = (await call(b.url, 'GET', '/api/v1/leads/?page_size=1', undefined, token)).body.count;
    expect(count).toBe(RECORDS);
    const resumed = (await statusOf()).last_seq;
    expect(resumed).toBeGreaterThanOrEqual(RECORDS);
    expect(midway.bootstrap.done).toBeLessThan(RECORDS);
  }, 300_000);
});
