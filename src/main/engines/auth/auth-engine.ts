import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors, decodeJwt } from 'jose';
import type { Db, Stmt } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { EventBus } from '../../core/event-bus';
import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import { userEntity } from '../../../shared/entities/entities';
import type { UserRole } from '../../../shared/entities/enums';
import type { RecordReader, RecordsEngine, WriteContext } from '../records';
import { hashPassword, passwordProblems, verifyPassword } from './passwords';
import { SIGN_IN_DEFAULTS, SignInGuard } from './sign-in-guard';
import type { ApiTokenBody, ChangePasswordBody, LoginBody, RefreshBody } from '../../../shared/contract/auth-bodies';
import type { JsonObject } from '../../core/typed-handler';

export interface AuthUser {
  id: string;
  username: string;
  email: string;
  full_name: string;
  role: UserRole;
}

export interface TokenPair {
  access: string;
  refresh: string;
  user: Record<string, unknown>;
}

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 14;
const API_TOKEN_PREFIX = 'crm_';
const ISSUER = 'fieldcrm-local';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const unauthenticated = (message: string) => new AppError('unauthenticated', message);

/** Account events the audit trail records (the write path does not see them). Never carries a secret. */
export interface AuthEvents extends Record<string, unknown> {
  'user.loggedIn': { userId: string; at: string };
  /** A refused sign-in: the account it named (null when none matched) and what was typed as the name. */
  'user.loginFailed': { userId: string | null; identifier: string; at: string };
  'password.changed': { userId: string; at: string };
  'apiToken.created': { userId: string; id: string; name: string; tokenPrefix: string; expiresAt: string | null; at: string };
  'apiToken.revoked': { userId: string; id: string; at: string };
}

export interface AuthEngineDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  reader: RecordReader;
  /** Failed sign-ins allowed per account in 5 minutes (see SignInGuard for the other limits). */
  loginAttempts?: number;
}

/**
 * Users' credentials and sessions: scrypt passwords, short-lived JWT access tokens, rotating
 * refresh tokens (a reused one revokes its whole family), personal API tokens for scripts.
 * Secrets stay in local-only tables; only hashes of tokens are stored.
 */
export class AuthEngine {
  readonly events = new EventBus<AuthEvents>();
  private readonly secret: Uint8Array;
  private readonly signInGuard: SignInGuard;
  private dummyHash: Promise<string> | null = null;
  private readonly verifiedTokens = new Map<string, { sub: string; exp: number }>();
  private readonly sql: Record<string, Stmt>;

  constructor(private readonly deps: AuthEngineDeps) {
    const { db } = deps;
    this.signInGuard = new SignInGuard(deps.clock, { ...SIGN_IN_DEFAULTS, ...(deps.loginAttempts ? { accountAttempts: deps.loginAttempts } : {}) });
    this.sql = {
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      stampLastLogin: db.prepare('UPDATE users SET last_login = ? WHERE id = ?'),
      putSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      findLogin: db.prepare('SELECT id FROM users WHERE (username = ? COLLATE NOCASE OR email = ? COLLATE NOCASE) AND deleted_at IS NULL'),
      credentials: db.prepare('SELECT password_hash FROM user_credentials WHERE user_id = ?'),
      putCredentials: db.prepare(
        `INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
      ),
      insertRefresh: db.prepare('INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      findRefresh: db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?'),
      useRefresh: db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL'),
      revokeFamily: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL'),
      revokeUserRefresh: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
      insertApiToken: db.prepare('INSERT INTO api_tokens (id, user_id, name, token_prefix, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      findApiToken: db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?'),
      touchApiToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      listApiTokens: db.prepare(
        'SELECT id, name, token_prefix, created_at, last_used_at, expires_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC',
      ),
      revokeApiToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
      countUsers: db.prepare('SELECT count(*) FROM users WHERE deleted_at IS NULL'),
      userRow: db.prepare('SELECT id, username, email, full_name, role, is_active FROM users WHERE id = ? AND deleted_at IS NULL'),
    };
    this.secret = Buffer.from(
      this.setting('jwt_secret', () => randomBytes(32).toString('base64')),
      'base64',
    );
  }

  private setting(key: string, create: () => string): string {
    const row = this.sql.getSetting.get(key) as { value: string } | undefined;
    if (row) return row.value;
    const value = create();
    this.sql.putSetting.run(key, value);
    return value;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  userCount(): number {
    return this.sql.countUsers.pluck().get() as number;
  }

  /** Creates a user with a password (admins through the API; the first owner at start). */
  /** `id`: the account's id when it is given (a team member's relay account id; an owner's self-authored record). */
  async createUser(body: JsonObject, ctx: WriteContext, id?: string): Promise<Record<string, unknown>> {
    const input = { ...body };
    const { password, password_confirm: confirm } = input;
    delete input.password;
    delete input.password_confirm;
    const errors: FieldErrors = {};
    const problems = passwordProblems(password);
    if (problems.length) errors.password = problems;
    if (confirm !== undefined && confirm !== password) errors.password_confirm = ["The two password fields didn't match."];
    if (Object.keys(errors).length) {
      // Report record field errors in the same response, so a form can show them all at once.
      try {
        this.deps.records.transaction(() => {
          this.deps.records.create('user', input, ctx, id);
          throw validationError(errors);
        });
      } catch (e) {
        if (e instanceof AppError && e.fields) throw validationError({ ...e.fields, ...errors });
        throw e;
      }
    }
    const hash = await hashPassword(password as string);
    return this.deps.records.transaction(() => {
      const user = this.deps.records.create('user', input, ctx, id);
      this.sql.putCredentials.run(user.id, hash, this.now().toISOString());
      return user;
    });
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const problems = passwordProblems(password);
    if (problems.length) throw validationError({ password: problems });
    const hash = await hashPassword(password);
    this.deps.db.transaction(() => {
      this.sql.putCredentials.run(userId, hash, this.now().toISOString());
      this.sql.revokeUserRefresh.run(this.now().toISOString(), userId);
    })();
    this.events.emit('password.changed', { userId, at: this.now().toISOString() });
  }

  async changePassword(userId: string, b: ChangePasswordBody): Promise<void> {
    const stored = this.sql.credentials.get(userId) as { password_hash: string } | undefined;
    if (typeof b.current_password !== 'string' || !stored || !(await verifyPassword(b.current_password, stored.password_hash))) {
      throw validationError({ current_password: ['Your current password was entered incorrectly.'] });
    }
    await this.setPassword(userId, b.new_password as string);
  }

  async login(b: LoginBody, clientKey: string): Promise<TokenPair> {
    const identifier = typeof b.username === 'string' ? b.username : typeof b.email === 'string' ? b.email : undefined;
    const errors: FieldErrors = {};
    if (!identifier) errors.username = ['This field is required (username or email).'];
    if (typeof b.password !== 'string' || b.password === '') errors.password = ['This field is required.'];
    if (Object.keys(errors).length) throw validationError(errors);
    const found = this.sql.findLogin.get(identifier, identifier) as { id: string } | undefined;
    // The limits are taken before the scrypt check, so concurrent attempts count as they start.
    const ticket = this.signInGuard.begin(found?.id ?? null, clientKey, identifier);
    const stored = found ? (this.sql.credentials.get(found.id) as { password_hash: string } | undefined) : undefined;
    // An unknown account costs the same scrypt work, so timing does not tell which accounts exist.
    const valid = await verifyPassword(b.password as string, stored?.password_hash ?? (await this.dummyPasswordHash()));
    const user = found && stored ? this.activeUser(found.id) : null;
    if (!valid || !user) {
      this.events.emit('user.loginFailed', { userId: found?.id ?? null, identifier: identifier!.slice(0, 150), at: this.now().toISOString() });
      throw unauthenticated('No active account found with the given credentials.');
    }
    this.signInGuard.succeeded(ticket);
    // A device-local fact: written to this install's row only, never synced (no churn, no conflicts).
    this.sql.stampLastLogin.run(this.now().toISOString(), user.id);
    this.events.emit('user.loggedIn', { userId: user.id, at: this.now().toISOString() });
    return this.issue(user, newId());
  }

  async refresh(body: RefreshBody): Promise<TokenPair> {
    const token = body.refresh;
    if (typeof token !== 'string' || token === '') throw validationError({ refresh: ['This field is required.'] });
    const row = this.sql.findRefresh.get(sha256(token)) as
      { id: string; user_id: string; family_id: string; expires_at: string; used_at: string | null; revoked_at: string | null } | undefined;
    const now = this.now().toISOString();
    if (!row) throw unauthenticated('Token is invalid or expired.');
    if (row.used_at || row.revoked_at) {
      // A refresh token used twice means it leaked: end the whole session family.
      this.sql.revokeFamily.run(now, row.family_id);
      throw unauthenticated('Token has already been used; the session was revoked. Sign in again.');
    }
    if (row.expires_at <= now) throw unauthenticated('Token is invalid or expired.');
    const user = this.activeUser(row.user_id);
    if (!user) throw unauthenticated('User is inactive or deleted.');
    const claimed = this.sql.useRefresh.run(now, row.id).changes === 1;
    if (!claimed) throw unauthenticated('Token has already been used.');
    return this.issue(user, row.family_id);
  }

  private dummyPasswordHash(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  }

  private async issue(user: AuthUser, familyId: string): Promise<TokenPair> {
    const now = this.now();
    const access = await new SignJWT({ role: user.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.secret);
    const refresh = randomBytes(32).toString('base64url');
    const expires = new Date(now.getTime() + REFRESH_TOKEN_TTL_DAYS * 86_400_000).toISOString();
    this.sql.insertRefresh.run(newId(), user.id, familyId, sha256(refresh), now.toISOString(), expires);
    return { access, refresh, user: this.profile(user.id) };
  }

  /** The caller behind an `Authorization: Bearer` value: a JWT access token or an API token. */
  async authenticate(bearer: string | undefined): Promise<AuthUser & { via: 'jwt' | 'api_token' }> {
    if (!bearer) throw unauthenticated('Authentication credentials were not provided.');
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const row = this.sql.findApiToken.get(sha256(bearer)) as
        { id: string; user_id: string; expires_at: string | null; revoked_at: string | null; last_used_at: string | null } | undefined;
      const now = this.now().toISOString();
      if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) throw unauthenticated('Invalid or revoked API token.');
      const user = this.activeUser(row.user_id);
      if (!user) throw unauthenticated('User is inactive or deleted.');
      // Last use to the minute is enough and spares a write per request.
      if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) this.sql.touchApiToken.run(now, row.id);
      return { ...user, via: 'api_token' };
    }
    const sub = await this.verifiedSubject(bearer);
    const user = this.activeUser(sub);
    if (!user) throw unauthenticated('User is inactive or deleted.');
    return { ...user, via: 'jwt' };
  }

  /**
   * When a bearer that just authenticated stops being valid (ms since the epoch), or null for
   * an API token without expiry: open WebSockets are closed then.
   */
  expiresAt(bearer: string): number | null {
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const row = this.sql.findApiToken.get(sha256(bearer)) as { expires_at: string | null } | undefined;
      return row?.expires_at ? Date.parse(row.expires_at) : null;
    }
    const exp = this.verifiedTokens.get(bearer)?.exp ?? decodeJwt(bearer).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  }

  /**
   * The user id of a valid access token. Verified tokens are remembered until they expire:
   * HMAC verification through WebCrypto costs ~0.4 ms a request (measured), most of a GET.
   */
  private async verifiedSubject(bearer: string): Promise<string> {
    const nowSeconds = this.now().getTime() / 1000;
    const known = this.verifiedTokens.get(bearer);
    if (known) {
      if (known.exp > nowSeconds) return known.sub;
      this.verifiedTokens.delete(bearer);
      throw unauthenticated('Token is expired.');
    }
    try {
      const { payload } = await jwtVerify(bearer, this.secret, { issuer: ISSUER, algorithms: ['HS256'], currentDate: this.now() });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw unauthenticated('Not an access token.');
      if (this.verifiedTokens.size >= 1_000) this.verifiedTokens.clear();
      this.verifiedTokens.set(bearer, { sub: payload.sub, exp: payload.exp });
      return payload.sub;
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('Token is expired.');
      throw unauthenticated('Token is invalid.');
    }
  }

  private activeUser(id: string): AuthUser | null {
    const row = this.sql.userRow.get(id) as (AuthUser & { is_active: number }) | undefined;
    if (!row || row.is_active === 0) return null;
    return { id: row.id, username: row.username, email: row.email, full_name: row.full_name, role: row.role };
  }

  profile(userId: string): Record<string, unknown> {
    return this.deps.reader.get(userEntity, userId);
  }

  createApiToken(userId: string, b: ApiTokenBody): Record<string, unknown> {
    const errors: FieldErrors = {};
    if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 100) errors.name = ['A name of 1 to 100 characters is required.'];
    const days = b.expires_in_days;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      errors.expires_in_days = ['A whole number of days from 1 to 3650.'];
    }
    for (const key of Object.keys(b)) if (!['name', 'expires_in_days'].includes(key)) errors[key] = ['Unknown field.'];
    if (Object.keys(errors).length) throw validationError(errors);
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    const expires = typeof days === 'number' ? new Date(now.getTime() + days * 86_400_000).toISOString() : null;
    const id = newId();
    this.sql.insertApiToken.run(id, userId, b.name.trim(), token.slice(0, 10), sha256(token), now.toISOString(), expires);
    this.events.emit('apiToken.created', {
      userId,
      id,
      name: b.name.trim(),
      tokenPrefix: token.slice(0, 10),
      expiresAt: expires,
      at: now.toISOString(),
    });
    return { id, name: b.name.trim(), token, token_prefix: token.slice(0, 10), created_at: now.toISOString(), expires_at: expires };
  }

  listApiTokens(userId: string): Record<string, unknown>[] {
    // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
    return this.sql.listApiTokens.all(userId) as Record<string, unknown>[];
  }

  revokeApiToken(userId: string, tokenId: string): void {
    if (this.sql.revokeApiToken.run(this.now().toISOString(), tokenId, userId).changes === 0) {
      throw new AppError('not_found', 'API token not found');
    }
    this.events.emit('apiToken.revoked', { userId, id: tokenId, at: this.now().toISOString() });
  }

  logout(body: RefreshBody): void {
    const token = body.refresh;
    if (typeof token !== 'string') throw validationError({ refresh: ['This field is required.'] });
    const row = this.sql.findRefresh.get(sha256(token)) as { family_id: string } | undefined;
    if (row) this.sql.revokeFamily.run(this.now().toISOString(), row.family_id);
  }
}
