import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam } from '../../../helpers/team-setup';

/**
 * Leaving the team takes the connection's secrets with it, also when a token refresh was on
 * its way: the relay's answer (a rotated refresh token) used to be written back after the
 * leave, so a secret of a team the user had left stayed on the laptop.
 */
const OWNER = { email: 'owner@leave.test', password: 'owner-password-1', username: 'owner' };

let relayDir: string;
let relay: RelayProcess;
let admin: Install;

const secretKeys = () => admin.server.engine.db.prepare("SELECT key FROM settings WHERE key LIKE 'secret.sync.%' ORDER BY key").pluck().all() as string[];

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  admin = await startInstall({ admin: OWNER });
  await createTeam(admin, relay.url, OWNER, 'Leave');
}, 120_000);

afterAll(async () => {
  await admin?.stop();
  await relay?.stop();
  for (const dir of [relayDir, admin?.dataDir]) if (dir) removeDir(dir);
});

describe('leaving the team', () => {
  it('keeps no secret of the team, even with a token refresh in flight', async () => {
    expect(secretKeys()).toContain('secret.sync.refresh_token');
    const sync = admin.server.engine.sync;
    // Without a cached access token, asking the relay for the members refreshes the pair
    // first: that request is on its way when the user leaves. (The socket uses its token up,
    // but a background call may have refreshed one since, so the cache is emptied here.)
    Reflect.set(sync, 'access', null);
    const members = sync.members();
    sync.disconnect();
    await expect(members).rejects.toMatchObject({ code: 'conflict' });
    expect(secretKeys()).toEqual([]);
    expect((await admin.api('GET', '/api/v1/sync/status/')).body.state).toBe('disabled');
  }, 30_000);
});
