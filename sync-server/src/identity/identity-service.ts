import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../../src/shared/errors';
import type { IdentityStore, MemberRow } from '../store/identity-store';
import { ACCESS_TTL_SECONDS, type AccessClaims, type AccessTokens } from './access-tokens';
import { createTeamInput, inviteInput, joinInput, parseInput, refreshInput, roleInput, tokenInput } from './identity-inputs';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords';

const REFRESH_TTL_MS = 30 * 86400_000;
const INVITE_TTL_SECONDS = 7 * 86400;

export interface TokenPair {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  team_id: string;
  account_id: string;
  role: string;
}

export interface IdentityDeps {
  store: IdentityStore;
  tokens: AccessTokens;
  now: () => Date;
  /** Called after a member is removed, so their sockets close at once. */
  onMemberRemoved: (teamId: string, accountId: string) => void;
  /** Called after a role change, so open sockets apply it (a new viewer stops pushing at once). */
  onRoleChanged?: (teamId: string, accountId: string, role: string) => void;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Teams, members, invites and tokens of the relay; every method validates its raw input. */
export function createIdentityService(deps: IdentityDeps) {
  const { store, tokens, now } = deps;

  async function issue(accountId: string, teamId: string, deviceId: string, role: string, familyId: string = randomUUID()): Promise<TokenPair> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await store.insertRefresh({
      id,
      family_id: familyId,
      token_hash: sha256(secret),
      account_id: accountId,
      team_id: teamId,
      device_id: deviceId,
      expires_at: new Date(now().getTime() + REFRESH_TTL_MS).toISOString(),
    });
    const access_token = await tokens.sign({ account_id: accountId, team_id: teamId, device_id: deviceId }, now());
    return { access_token, expires_in: ACCESS_TTL_SECONDS, refresh_token: `${id}.${secret}`, team_id: teamId, account_id: accountId, role };
  }

  /** Signs in to an existing account or creates it; a wrong password for a known email is refused. */
  async function accountFor(email: string, password: string, displayName?: string, wantedId?: string | null): Promise<string> {
    const existing = await store.accountByEmail(email);
    if (existing) {
      if (!(await verifyPassword(password, existing.password_hash))) throw new AppError('unauthenticated', 'email or password is wrong');
      return existing.id;
    }
    if (wantedId && (await store.accountExists(wantedId))) {
      throw new AppError('conflict', 'another account already has this id', { account_id: ['already taken'] });
    }
    const id = wantedId || randomUUID();
    await store.createAccount({ id, email, password_hash: await hashPassword(password), display_name: displayName ?? email.split('@')[0] });
    return id;
  }

  async function activeMember(claims: AccessClaims): Promise<MemberRow> {
    const m = await store.member(claims.team_id, claims.account_id);
    if (!m || m.status !== 'active') throw new AppError('forbidden', 'not a member of this team');
    return m;
  }

  return {
    activeMember,

    async authenticate(authorization: string | undefined): Promise<AccessClaims> {
      const match = /^Bearer (.+)$/.exec(authorization ?? '');
      if (!match) throw new AppError('unauthenticated', 'bearer token required');
      return tokens.verify(match[1], now());
    },

    async createTeam(body: unknown) {
      const input = parseInput(createTeamInput, body);
      const accountId = await accountFor(input.email, input.password, input.display_name, input.account_id);
      const teamId = randomUUID();
      await store.createTeam(teamId, input.team_name, accountId);
      return issue(accountId, teamId, input.device_id, 'admin');
    },

    async createInvite(claims: AccessClaims, body: unknown) {
      const input = parseInput(inviteInput, body);
      const me = await activeMember(claims);
      if (me.role !== 'admin') throw new AppError('forbidden', 'only team admins invite');
      const code = randomBytes(12).toString('base64url');
      const expires = new Date(now().getTime() + (input.ttl_seconds ?? INVITE_TTL_SECONDS) * 1000);
      await store.createInvite({
        code_hash: sha256(code),
        team_id: claims.team_id,
        email: input.email,
        role: input.role,
        created_by: claims.account_id,
        expires_at: expires,
        account_id: input.account_id ?? null,
      });
      return { code, expires_at: expires.toISOString(), email: input.email, role: input.role };
    },

    async join(body: unknown) {
      const input = parseInput(joinInput, body);
      const invite = await store.inviteByHash(sha256(input.invite_code));
      // Checked before an account is created, so a bad code leaves nothing behind; checked
      // again atomically when the invite is spent.
      const early = !invite ? 'unknown' : invite.used_at ? 'used' : new Date(invite.expires_at).getTime() <= now().getTime() ? 'expired' : null;
      const accountId = early ? '' : await accountFor(input.email, input.password, input.display_name, invite?.account_id);
      const res = early ?? (await store.consumeInvite(sha256(input.invite_code), accountId, now()));
      if (res === 'unknown') throw new AppError('not_found', 'invite code not found', { invite_code: ['unknown code'] });
      if (res === 'used') throw new AppError('conflict', 'invite code already used', { invite_code: ['already used'] });
      if (res === 'expired') throw new AppError('conflict', 'invite code expired', { invite_code: ['expired'] });
      return issue(accountId, res.team_id, input.device_id, res.role);
    },

    async token(body: unknown) {
      const input = parseInput(tokenInput, body);
      const account = await store.accountByEmail(input.email);
      const ok = await verifyPassword(input.password, account?.password_hash ?? (await DUMMY_HASH_PROMISE));
      if (!account || !ok) throw new AppError('unauthenticated', 'email or password is wrong');
      const teams = await store.teamsOf(account.id);
      const team = input.team_id ? teams.find((t) => t.team_id === input.team_id) : teams[0];
      if (!team) throw new AppError('forbidden', 'not a member of this team');
      return issue(account.id, team.team_id, input.device_id, team.role);
    },

    /**
     * Rotates a refresh token. A token used twice means it leaked (or a client raced itself):
     * the whole family is revoked and the device must sign in again.
     */
    async refresh(body: unknown) {
      const input = parseInput(refreshInput, body);
      const [id, secret] = input.refresh_token.split('.');
      const row = id && secret ? await store.refreshById(id) : undefined;
      if (!row || row.token_hash !== sha256(secret)) throw new AppError('unauthenticated', 'refresh token invalid');
      // A device whose member was removed is told so (its tokens were revoked with the removal):
      // its install stops syncing and offers to wipe the team's data, rather than asking to sign in again.
      const membership = await store.member(row.team_id, row.account_id);
      if (!membership || membership.status !== 'active') throw new AppError('forbidden', 'removed from this team');
      if (row.revoked_at) throw new AppError('unauthenticated', 'refresh token revoked');
      if (row.used_at || !(await store.markRefreshUsed(row.id, now()))) {
        await store.revokeFamily(row.family_id, now());
        throw new AppError('unauthenticated', 'refresh token reused; the session is revoked');
      }
      if (new Date(row.expires_at).getTime() <= now().getTime()) throw new AppError('unauthenticated', 'refresh token expired');
      return issue(row.account_id, row.team_id, row.device_id, membership.role, row.family_id);
    },

    async listMembers(claims: AccessClaims) {
      await activeMember(claims);
      const members = await store.listMembers(claims.team_id);
      return {
        team: { id: claims.team_id, name: (await store.teamName(claims.team_id)) ?? '' },
        members: members.map((m) => ({ account_id: m.account_id, email: m.email, display_name: m.display_name, role: m.role, joined_at: m.joined_at })),
      };
    },

    async setRole(claims: AccessClaims, accountId: string, body: unknown) {
      const input = parseInput(roleInput, body);
      const me = await activeMember(claims);
      if (me.role !== 'admin') throw new AppError('forbidden', 'only team admins change roles');
      const target = await store.member(claims.team_id, accountId);
      if (!target || target.status !== 'active') throw new AppError('not_found', 'member not found');
      if (target.role === 'admin' && input.role !== 'admin' && (await store.countAdmins(claims.team_id)) <= 1) {
        throw new AppError('conflict', 'a team keeps at least one admin', { role: ['the last admin cannot be demoted'] });
      }
      await store.setRole(claims.team_id, accountId, input.role);
      deps.onRoleChanged?.(claims.team_id, accountId, input.role);
      return { account_id: accountId, role: input.role };
    },

    async removeMember(claims: AccessClaims, accountId: string) {
      const me = await activeMember(claims);
      if (me.role !== 'admin') throw new AppError('forbidden', 'only team admins remove members');
      if (accountId === claims.account_id) throw new AppError('conflict', 'an admin cannot remove themselves');
      if (!(await store.removeMember(claims.team_id, accountId, now()))) throw new AppError('not_found', 'member not found');
      await store.revokeMemberTokens(claims.team_id, accountId, now());
      deps.onMemberRemoved(claims.team_id, accountId);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
