import type { SqlDriver } from './sql-driver';

export interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
}
export interface MemberRow {
  team_id: string;
  account_id: string;
  role: string;
  status: 'active' | 'removed';
  email: string;
  display_name: string;
  joined_at: string;
}
export interface InviteRow {
  code_hash: string;
  team_id: string;
  email: string;
  role: string;
  expires_at: string;
  used_at: string | null;
  account_id: string | null;
}
export interface RefreshRow {
  id: string;
  family_id: string;
  token_hash: string;
  account_id: string;
  team_id: string;
  device_id: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** Accounts, teams, members, invites and refresh tokens: the relay's identity tables. */
export interface IdentityStore {
  accountByEmail(email: string): Promise<AccountRow | undefined>;
  accountExists(id: string): Promise<boolean>;
  inviteByHash(codeHash: string): Promise<InviteRow | undefined>;
  createAccount(a: AccountRow): Promise<void>;
  createTeam(teamId: string, name: string, adminId: string): Promise<void>;
  teamName(teamId: string): Promise<string | undefined>;
  member(teamId: string, accountId: string): Promise<MemberRow | undefined>;
  listMembers(teamId: string): Promise<MemberRow[]>;
  removeMember(teamId: string, accountId: string, at: Date): Promise<boolean>;
  setRole(teamId: string, accountId: string, role: string): Promise<boolean>;
  countAdmins(teamId: string): Promise<number>;
  createInvite(i: {
    code_hash: string;
    team_id: string;
    email: string;
    role: string;
    created_by: string;
    expires_at: Date;
    account_id: string | null;
  }): Promise<void>;
  /** Marks the invite used and adds the member, in one transaction; undefined if not usable. */
  consumeInvite(codeHash: string, accountId: string, at: Date): Promise<InviteRow | 'expired' | 'used' | 'unknown'>;
  teamsOf(accountId: string): Promise<{ team_id: string; role: string }[]>;
  insertRefresh(r: Omit<RefreshRow, 'used_at' | 'revoked_at'>): Promise<void>;
  refreshById(id: string): Promise<RefreshRow | undefined>;
  /** Sets used_at if still unused; false when another request used it first. */
  markRefreshUsed(id: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeMemberTokens(teamId: string, accountId: string, at: Date): Promise<void>;
  setting(key: string): Promise<string | undefined>;
  putSettingIfAbsent(key: string, value: string): Promise<string>;
}

const MEMBER_SELECT = `SELECT m.team_id, m.account_id, m.role, m.status, a.email, a.display_name, m.joined_at::text AS joined_at
  FROM members m JOIN accounts a ON a.id = m.account_id`;

export function createSqlIdentityStore(db: SqlDriver): IdentityStore {
  return {
    async accountByEmail(email) {
      const [row] = await db.query<AccountRow>('SELECT id, email, password_hash, display_name FROM accounts WHERE email = $1', [email]);
      return row;
    },
    async accountExists(id) {
      return (await db.query('SELECT 1 FROM accounts WHERE id = $1', [id])).length > 0;
    },
    async inviteByHash(codeHash) {
      const [row] = await db.query<InviteRow>(
        `SELECT code_hash, team_id, email, role, expires_at::text AS expires_at, used_at::text AS used_at, account_id
         FROM invites WHERE code_hash = $1`,
        [codeHash],
      );
      return row;
    },
    async createAccount(a) {
      await db.query('INSERT INTO accounts (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)', [a.id, a.email, a.password_hash, a.display_name]);
    },
    async createTeam(teamId, name, adminId) {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO teams (id, name) VALUES ($1, $2)', [teamId, name]);
        await tx.query(`INSERT INTO members (team_id, account_id, role) VALUES ($1, $2, 'admin')`, [teamId, adminId]);
      });
    },
    async teamName(teamId) {
      const [row] = await db.query<{ name: string }>('SELECT name FROM teams WHERE id = $1', [teamId]);
      return row?.name;
    },
    async member(teamId, accountId) {
      const [row] = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.team_id = $1 AND m.account_id = $2`, [teamId, accountId]);
      return row;
    },
    async listMembers(teamId) {
      return db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.team_id = $1 AND m.status = 'active' ORDER BY m.joined_at, a.email`, [teamId]);
    },
    async removeMember(teamId, accountId, at) {
      const rows = await db.query(
        `UPDATE members SET status = 'removed', removed_at = $3 WHERE team_id = $1 AND account_id = $2 AND status = 'active' RETURNING account_id`,
        [teamId, accountId, at.toISOString()],
      );
      return rows.length > 0;
    },
    async setRole(teamId, accountId, role) {
      const rows = await db.query(`UPDATE members SET role = $3 WHERE team_id = $1 AND account_id = $2 AND status = 'active' RETURNING account_id`, [
        teamId,
        accountId,
        role,
      ]);
      return rows.length > 0;
    },
    async countAdmins(teamId) {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM members WHERE team_id = $1 AND role = 'admin' AND status = 'active'`, [
        teamId,
      ]);
      return Number(row?.n ?? 0);
    },
    async createInvite(i) {
      await db.query('INSERT INTO invites (code_hash, team_id, email, role, created_by, expires_at, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        i.code_hash,
        i.team_id,
        i.email,
        i.role,
        i.created_by,
        i.expires_at.toISOString(),
        i.account_id,
      ]);
    },
    async consumeInvite(codeHash, accountId, at) {
      return db.transaction(async (tx) => {
        const [inv] = await tx.query<InviteRow>(
          `SELECT code_hash, team_id, email, role, expires_at::text AS expires_at, used_at::text AS used_at, account_id
           FROM invites WHERE code_hash = $1 FOR UPDATE`,
          [codeHash],
        );
        if (!inv) return 'unknown' as const;
        if (inv.used_at) return 'used' as const;
        if (new Date(inv.expires_at).getTime() <= at.getTime()) return 'expired' as const;
        await tx.query('UPDATE invites SET used_at = $2, used_by = $3 WHERE code_hash = $1', [codeHash, at.toISOString(), accountId]);
        await tx.query(
          `INSERT INTO members (team_id, account_id, role) VALUES ($1, $2, $3)
           ON CONFLICT (team_id, account_id) DO UPDATE SET role = EXCLUDED.role, status = 'active', removed_at = NULL`,
          [inv.team_id, accountId, inv.role],
        );
        return inv;
      });
    },
    async teamsOf(accountId) {
      return db.query(`SELECT team_id, role FROM members WHERE account_id = $1 AND status = 'active' ORDER BY joined_at`, [accountId]);
    },
    async insertRefresh(r) {
      await db.query(
        `INSERT INTO refresh_tokens (id, family_id, token_hash, account_id, team_id, device_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [r.id, r.family_id, r.token_hash, r.account_id, r.team_id, r.device_id, r.expires_at],
      );
    },
    async refreshById(id) {
      const [row] = await db.query<RefreshRow>(
        `SELECT id, family_id, token_hash, account_id, team_id, device_id, expires_at::text AS expires_at,
                used_at::text AS used_at, revoked_at::text AS revoked_at FROM refresh_tokens WHERE id = $1`,
        [id],
      );
      return row;
    },
    async markRefreshUsed(id, at) {
      const rows = await db.query('UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id', [id, at.toISOString()]);
      return rows.length > 0;
    },
    async revokeFamily(familyId, at) {
      await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [familyId, at.toISOString()]);
    },
    async revokeMemberTokens(teamId, accountId, at) {
      await db.query('UPDATE refresh_tokens SET revoked_at = $3 WHERE team_id = $1 AND account_id = $2 AND revoked_at IS NULL', [
        teamId,
        accountId,
        at.toISOString(),
      ]);
    },
    async setting(key) {
      const [row] = await db.query<{ value: string }>('SELECT value FROM relay_settings WHERE key = $1', [key]);
      return row?.value;
    },
    async putSettingIfAbsent(key, value) {
      await db.query('INSERT INTO relay_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await this.setting(key)) ?? value;
    },
  };
}
