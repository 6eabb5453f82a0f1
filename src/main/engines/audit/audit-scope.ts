import { isUuid } from '../../core/ids';
import { ENTITIES } from '../../../shared/entities/entities';
import type { Caller } from '../../core/handler';
import type { Db } from '../../db/open-database';
import type { QueryReader } from './query-params';

/** Models the trail names: the synced entities and the local things audited beside them. */
export const AUDIT_MODELS = [...ENTITIES.map((e) => e.name), 'api_token', 'audit_retention_policy', 'audit_settings'] as const;

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'view',
  'login',
  'login_failed',
  'password_change',
  'bulk_update',
  'bulk_delete',
  'bulk_restore',
  'purge',
] as const;

export const ORIGIN_VALUES = ['ui', 'api', 'remote', 'system', 'import'] as const;

/** The CRM records every signed-in user may see (users are teammates' accounts, not records). */
export const SHARED_MODELS = ENTITIES.filter((e) => e.name !== 'user').map((e) => e.name);
const SHARED_SQL = SHARED_MODELS.map((m) => `'${m}'`).join(', ');

export function seesWholeTrail(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'manager';
}

/**
 * Who sees which entries. Admins and managers: the whole trail. Everyone else: changes to
 * the shared CRM records (every signed-in user may read every record), their own entries of
 * any kind (their sign-ins, tokens, reads) and changes to their own account; never who read
 * what (view logs) or other people's sign-ins and account changes.
 */
export function visibilitySql(caller: Caller, alias = ''): { sql: string; params: unknown[] } | null {
  if (seesWholeTrail(caller)) return null;
  const a = alias ? `${alias}.` : '';
  return {
    sql: `(${a}actor = ? OR (${a}action != 'view' AND (${a}model IN (${SHARED_SQL}) OR (${a}model = 'user' AND ${a}object_id = ?))))`,
    params: [caller.id, caller.id],
  };
}

/** Field history and snapshots hold no sign-ins or reads: records only. */
export function recordVisibilitySql(caller: Caller, alias = ''): { sql: string; params: unknown[] } | null {
  if (seesWholeTrail(caller)) return null;
  const a = alias ? `${alias}.` : '';
  return { sql: `(${a}model IN (${SHARED_SQL}) OR (${a}model = 'user' AND ${a}object_id = ?))`, params: [caller.id] };
}

export function mayReadRecordHistory(caller: Caller, model: string, objectId: string): boolean {
  return seesWholeTrail(caller) || SHARED_MODELS.includes(model) || (model === 'user' && objectId === caller.id);
}

/**
 * The `user` filter: a user id, `system` (no author), or an email or username. A name that
 * matches nobody is a 400 naming the parameter; an id is taken as given (deleted users too).
 */
export function actorCondition(db: Db, q: QueryReader, column: string): { sql: string; params: unknown[] } | null {
  const user = q.string('user');
  if (user === undefined) return null;
  if (user === 'system') return { sql: `${column} IS NULL`, params: [] };
  if (isUuid(user)) return { sql: `${column} = ?`, params: [user] };
  const id = db.prepare('SELECT id FROM users WHERE email = ? COLLATE NOCASE OR username = ? COLLATE NOCASE').pluck().get(user, user);
  if (typeof id !== 'string') {
    q.fail('user', `No user with id, email or username "${user}".`);
    return null;
  }
  return { sql: `${column} = ?`, params: [id] };
}

/**
 * The filters the audit lists share: `user` (by id, email, username or `system`) and the
 * `start_date` / `end_date` range over `at`, appended to `where`.
 */
export function authorAndPeriod(db: Db, q: QueryReader, where: { sql: string; params: unknown[] }[]): void {
  const actor = actorCondition(db, q, 'actor');
  if (actor) where.push(actor);
  const start = q.dateTime('start_date', 'start');
  const end = q.dateTime('end_date', 'end');
  q.range('start_date', start, 'end_date', end);
  if (start) where.push({ sql: 'at >= ?', params: [start] });
  if (end) where.push({ sql: 'at <= ?', params: [end] });
}
