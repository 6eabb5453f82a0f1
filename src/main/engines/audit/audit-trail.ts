import type { Db } from '../../db/open-database';
import type { Caller } from '../../core/handler';
import { AppError, notFound } from '../../../shared/errors';
import { pageOf as readPage, type QueryParams } from '../query';
import { QueryReader } from './query-params';
import type { StatementCache } from '../../db/statement-cache';
import { authorAndPeriod, actorCondition, AUDIT_ACTIONS, AUDIT_MODELS, ORIGIN_VALUES, visibilitySql } from './audit-scope';
import { ownEntry } from '../../../shared/own-entry';

export interface AuditEntryRow {
  id: string;
  at: string;
  actor: string | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  model: string;
  object_id: string | null;
  object_repr: string | null;
  description: string;
  changes: string | null;
  old_values: string | null;
  new_values: string | null;
  origin: string;
}

export interface Page<T> {
  count: number;
  page: number;
  pageSize: number;
  rows: T[];
}

type Part = { sql: string; params: unknown[] };

const LIST_PARAMS = ['action', 'user', 'model', 'object_id', 'origin', 'start_date', 'end_date', 'search', 'ordering', 'page', 'page_size'];
const ORDERINGS: Record<string, string> = { timestamp: 'at', action: 'action', model_name: 'model', user_name: 'actor_name' };
const parse = (text: string | null) => (text === null ? null : JSON.parse(text));

/** An entry as the API shows it (spec section 3), plus its origin and author id. */
export function serializeEntry(r: AuditEntryRow): Record<string, unknown> {
  return {
    id: r.id,
    user: r.actor_email,
    user_id: r.actor,
    user_name: r.actor_name,
    action: r.action,
    model_name: r.model,
    object_id: r.object_id,
    object_repr: r.object_repr,
    description: r.description,
    changes: parse(r.changes) ?? [],
    old_values: parse(r.old_values) ?? {},
    new_values: parse(r.new_values) ?? {},
    timestamp: r.at,
    origin: r.origin,
  };
}

/** Reads of the audit trail: filtered lists, one entry, stats. */
export class AuditTrail {
  constructor(
    private readonly db: Db,
    private readonly statements: StatementCache,
  ) {}

  list(caller: Caller, query: QueryParams): Page<AuditEntryRow> {
    const q = new QueryReader(query, LIST_PARAMS);
    const where: Part[] = [];
    const visible = visibilitySql(caller);
    if (visible) where.push(visible);
    const actions = q.listOf('action', AUDIT_ACTIONS);
    if (actions)
      where.push(
        actions.length === 1
          ? { sql: 'action = ?', params: actions }
          : { sql: 'action IN (SELECT value FROM json_each(?))', params: [JSON.stringify(actions)] },
      );
    const model = q.oneOf('model', AUDIT_MODELS);
    if (model) where.push({ sql: 'model = ?', params: [model] });
    const objectId = q.string('object_id');
    if (objectId) where.push({ sql: 'object_id = ?', params: [objectId] });
    const origin = q.oneOf('origin', ORIGIN_VALUES);
    if (origin) where.push({ sql: 'origin = ?', params: [origin] });
    authorAndPeriod(this.db, q, where);
    const search = q.string('search');
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push({ sql: "(object_repr LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR actor_name LIKE ? ESCAPE '\\')", params: [like, like, like] });
    }
    const orderBy = this.ordering(q);
    const { page, pageSize } = readPage(query);
    q.done();
    return pageOf(this.statements, 'audit_entries', where, orderBy, page, pageSize);
  }

  private ordering(q: QueryReader): string {
    const raw = q.string('ordering') ?? '-timestamp';
    const parts: string[] = [];
    for (const token of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const desc = token.startsWith('-');
      const column = ownEntry(ORDERINGS, desc ? token.slice(1) : token);
      if (!column) {
        q.fail('ordering', `Cannot order by "${token}". Use ${Object.keys(ORDERINGS).join(', ')} (prefix - for descending).`);
        return 'at DESC';
      }
      parts.push(`${column} ${desc ? 'DESC' : 'ASC'}`);
    }
    parts.push(`rowid ${parts.at(-1)?.endsWith('ASC') ? 'ASC' : 'DESC'}`);
    return parts.join(', ');
  }

  get(caller: Caller, id: string): AuditEntryRow {
    const visible = visibilitySql(caller);
    const row = this.statements.get(`SELECT * FROM audit_entries WHERE id = ?${visible ? ` AND ${visible.sql}` : ''}`).get(id, ...(visible?.params ?? [])) as
      AuditEntryRow | undefined;
    if (!row) throw notFound('Audit entry');
    return row;
  }

  /** Counts by action, model, user and day over a date range (default: the last 30 days). */
  stats(query: QueryParams, now: Date): Record<string, unknown> {
    const q = new QueryReader(query, ['start_date', 'end_date', 'model', 'user']);
    const end = q.dateTime('end_date', 'end') ?? now.toISOString();
    const start = q.dateTime('start_date', 'start') ?? new Date(Date.parse(end) - 30 * 86_400_000).toISOString();
    q.range('start_date', start, 'end_date', end);
    const where: Part[] = [{ sql: 'at >= ? AND at <= ?', params: [start, end] }];
    const model = q.oneOf('model', AUDIT_MODELS);
    if (model) where.push({ sql: 'model = ?', params: [model] });
    const actor = actorCondition(this.db, q, 'actor');
    if (actor) where.push(actor);
    q.done();
    const sql = where.map((w) => w.sql).join(' AND ');
    const params = where.flatMap((w) => w.params);
    const rows = this.statements
      .get(
        `SELECT substr(at, 1, 10) AS day, action, model, actor, max(actor_name) AS name, count(*) AS n FROM audit_entries WHERE ${sql} GROUP BY day, action, model, actor`,
      )
      .all(...params) as { day: string; action: string; model: string; actor: string | null; name: string | null; n: number }[];
    const byAction: Record<string, number> = {};
    const byModel: Record<string, number> = {};
    const byDay = new Map<string, number>();
    const byUser = new Map<string, { user_id: string | null; user_name: string | null; count: number }>();
    let total = 0;
    for (const r of rows) {
      total += r.n;
      byAction[r.action] = (byAction[r.action] ?? 0) + r.n;
      byModel[r.model] = (byModel[r.model] ?? 0) + r.n;
      byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.n);
      const key = r.actor ?? '';
      const u = byUser.get(key) ?? { user_id: r.actor, user_name: r.actor ? r.name : 'System', count: 0 };
      u.count += r.n;
      byUser.set(key, u);
    }
    return {
      start_date: start,
      end_date: end,
      total,
      by_action: byAction,
      by_model: byModel,
      by_user: [...byUser.values()].sort((a, b) => b.count - a.count),
      by_day: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
    };
  }
}

/** Counts, checks the page exists, and reads one page: the shape `listEnvelope` takes. */
export function pageOf<T>(statements: StatementCache, table: string, where: Part[], orderBy: string, page: number, pageSize: number): Page<T> {
  const whereSql = where.length ? `WHERE ${where.map((w) => w.sql).join(' AND ')}` : '';
  const params = where.flatMap((w) => w.params);
  const count = statements.count(`SELECT count(*) FROM ${table} ${whereSql}`, params);
  if (page > 1 && (page - 1) * pageSize >= count) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
  const rows = statements.get(`SELECT * FROM ${table} ${whereSql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(...params, pageSize, (page - 1) * pageSize) as T[];
  return { count, page, pageSize, rows };
}
