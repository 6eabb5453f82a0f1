import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { startCoreFixture, type CoreFixture } from '../../../helpers/relay-fixtures';

let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string; refresh_token: string };
const adminClaims = () => ({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-1' });

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
});
afterAll(() => f.close());

describe('relay identity', () => {
  it('uses an invite once, refuses it when expired, and only admins invite', async () => {
    const inv = await f.identity.createInvite(adminClaims(), { email: 'rex@north.test', role: 'sales_rep', ttl_seconds: 3600 });
    const joined = await f.identity.join({ invite_code: inv.code, email: 'rex@north.test', password: 'password-1234', device_id: 'rex-1' });
    expect(joined.role).toBe('sales_rep');
    const reuse = await failure(f.identity.join({ invite_code: inv.code, email: 'eve@north.test', password: 'password-1234', device_id: 'eve-1' }));
    expect([reuse.code, reuse.fields]).toEqual(['conflict', { invite_code: ['already used'] }]);
    const late = await f.identity.createInvite(adminClaims(), { email: 'lou@north.test', role: 'viewer', ttl_seconds: 60 });
    f.clock.now = new Date(f.clock.now.getTime() + 61_000);
    const expired = await failure(f.identity.join({ invite_code: late.code, email: 'lou@north.test', password: 'password-1234', device_id: 'lou-1' }));
    expect(expired.fields).toEqual({ invite_code: ['expired'] });
    const byRep = await failure(
      f.identity.createInvite({ account_id: joined.account_id, team_id: joined.team_id, device_id: 'rex-1' }, { email: 'x@north.test', role: 'admin' }),
    );
    expect(byRep.code).toBe('forbidden');
    const bad = await failure(f.identity.createInvite(adminClaims(), { email: 'not-an-email', role: 'wizard' }));
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['email', 'role']);
  });

  it('rotates refresh tokens and revokes the family when one is used twice', async () => {
    const first = admin.refresh_token;
    const second = await f.identity.refresh({ refresh_token: first });
    expect(second.refresh_token).not.toBe(first);
    const third = await f.identity.refresh({ refresh_token: second.refresh_token });
    const reused = await failure(f.identity.refresh({ refresh_token: first }));
    expect(reused.message).toMatch(/reused/);
    // The thief's reuse also ends the legitimate chain: the device must sign in again.
    const after = await failure(f.identity.refresh({ refresh_token: third.refresh_token }));
    expect(after.code).toBe('unauthenticated');
    const forged = await failure(f.identity.refresh({ refresh_token: `${third.refresh_token.split('.')[0]}.wrong` }));
    expect(forged.code).toBe('unauthenticated');
  });

  it("tells a removed member's device it was removed when it refreshes (403), a forged token stays 401", async () => {
    const inv = await f.identity.createInvite(adminClaims(), { email: 'gone@north.test', role: 'sales_rep' });
    const gone = await f.identity.join({ invite_code: inv.code, email: 'gone@north.test', password: 'password-1234', device_id: 'gone-1' });
    await f.identity.removeMember(adminClaims(), gone.account_id);
    const refused = await failure(f.identity.refresh({ refresh_token: gone.refresh_token }));
    expect([refused.code, refused.message]).toEqual(['forbidden', 'removed from this team']);
    const forged = await failure(f.identity.refresh({ refresh_token: `${gone.refresh_token.split('.')[0]}.wrong` }));
    expect(forged.code).toBe('unauthenticated');
  });

  it('refuses a wrong password for a known email and takes the team from the account', async () => {
    const wrong = await failure(f.identity.token({ email: 'ada@north.test', password: 'password-9999', device_id: 'adm-2' }));
    expect(wrong.code).toBe('unauthenticated');
    const ok = await f.identity.token({ email: 'ada@north.test', password: 'password-1234', device_id: 'adm-2' });
    expect(ok.team_id).toBe(admin.team_id);
    const claims = await f.identity.authenticate(`Bearer ${ok.access_token}`);
    expect(claims).toEqual({ account_id: admin.account_id, team_id: admin.team_id, device_id: 'adm-2' });
  });

  it('lets an install choose the relay account id of a new account (its local user id), never a taken one', async () => {
    const team = await f.identity.createTeam({
      team_name: 'Ids',
      email: 'lid@ids.test',
      password: 'password-1234',
      device_id: 'lid-1',
      account_id: 'local-user-1',
    });
    expect(team.account_id).toBe('local-user-1');
    const claims = { account_id: 'local-user-1', team_id: team.team_id, device_id: 'lid-1' };
    const inv = await f.identity.createInvite(claims, { email: 'rep@ids.test', role: 'sales_rep', account_id: 'local-user-2' });
    const joined = await f.identity.join({ invite_code: inv.code, email: 'rep@ids.test', password: 'password-1234', device_id: 'rep-1' });
    expect(joined.account_id).toBe('local-user-2');
    const taken = await failure(
      f.identity.createTeam({ team_name: 'X', email: 'other@ids.test', password: 'password-1234', device_id: 'o-1', account_id: 'local-user-1' }),
    );
    expect([taken.code, taken.fields]).toEqual(['conflict', { account_id: ['already taken'] }]);
    const unknown = await failure(f.identity.join({ invite_code: 'nope', email: 'ghost@ids.test', password: 'password-1234', device_id: 'g-1' }));
    expect(unknown.code).toBe('not_found');
    expect(await f.store.identity.accountByEmail('ghost@ids.test')).toBeUndefined();
  });
});
