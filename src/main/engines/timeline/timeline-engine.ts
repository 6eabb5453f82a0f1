import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { Caller } from '../../core/handler';
import { notFound } from '../../../shared/errors';
import { ACTIVITY_TYPES } from '../../../shared/entities/enums';
import { entityByName, userEntity } from '../../../shared/entities/entities';
import type { QueryParams } from '../query';
import { humanize, QueryReader, StatementCache, visibilitySql } from '../audit';
import { TimelineSources, type RawItem, type Related, type SourceScope } from './timeline-sources';
import { creationLines } from './creation-lines';

export const ITEM_TYPES = ['activity', 'audit', 'task', 'stage_change', 'lead_conversion', 'email_campaign'] as const;
export const TIMELINE_ENTITIES = ['lead', 'contact', 'company', 'opportunity', 'task', 'activity'] as const;
const TYPE_FILTERS = [...ITEM_TYPES, ...ACTIVITY_TYPES.filter((t) => !(ITEM_TYPES as readonly string[]).includes(t))];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Related records considered per kind; a company with more contacts shows the newest of these. */
const MAX_RELATED = 500;

export type { TimelineItem } from '../../../shared/contract/timeline-types';
import type { TimelineItem } from '../../../shared/contract/timeline-types';

/** One slice of the merged timeline, before a handler shapes it into its answer. */
export interface TimelineSlice {
  items: TimelineItem[];
  nextCursor: string | null;
}

interface Fixed {
  userId?: string;
  entity?: { type: string; id: string };
}

/**
 * The unified timeline (spec section 7): activities, audit entries, tasks (created,
 * completed, overdue), opportunity stage changes and lead conversions merged newest first.
 * Paging is by an opaque cursor (the last item's time and key), stable under inserts.
 */
export class TimelineEngine {
  private readonly statements: StatementCache;
  private readonly sources: TimelineSources;

  constructor(private readonly deps: { db: Db; clock: Clock }) {
    this.statements = new StatementCache(deps.db);
    this.sources = new TimelineSources(this.statements);
  }

  /** The record a timeline is about; 404 if it never existed. */
  requireRecord(type: string, id: string): string | null {
    const entity = entityByName(type);
    if (!entity) throw notFound('Record');
    // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
    const row = this.statements.get(`SELECT * FROM ${entity.table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!row) throw notFound(entity.label);
    return titleOf(entity.titleFields, row);
  }

  requireUser(id: string): { id: string; name: string | null; email: string | null } {
    const row = this.statements.get('SELECT id, full_name AS name, email FROM users WHERE id = ?').get(id) as
      { id: string; name: string | null; email: string | null } | undefined;
    if (!row) throw notFound(userEntity.label);
    return row;
  }

  query(caller: Caller, params: QueryParams, fixed: Fixed = {}): TimelineSlice {
    const allowed = ['start_date', 'end_date', 'activity_types', 'limit', 'cursor'];
    if (!fixed.entity) allowed.push('entity_type', 'entity_id');
    if (!fixed.userId) allowed.push('user_id');
    const q = new QueryReader(params, allowed);
    const scope: SourceScope = { now: this.deps.clock.now().toISOString(), limit: DEFAULT_LIMIT + 1, auditVisibility: visibilitySql(caller) };
    scope.start = q.dateTime('start_date', 'start');
    scope.end = q.dateTime('end_date', 'end');
    q.range('start_date', scope.start, 'end_date', scope.end);
    const limit = q.int('limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    scope.limit = limit + 1;
    const cursor = q.string('cursor');
    if (cursor !== undefined) {
      scope.cursor = decodeCursor(cursor) ?? undefined;
      if (!scope.cursor) q.fail('cursor', 'Not a cursor this endpoint returned.');
    }
    const filters = q.listOf('activity_types', TYPE_FILTERS);
    let entity = fixed.entity;
    if (!entity) {
      const type = q.oneOf('entity_type', TIMELINE_ENTITIES);
      const id = q.string('entity_id');
      if (id !== undefined && type === undefined && !q.errors.entity_type) q.fail('entity_type', 'Give entity_type with entity_id.');
      if (type && id) entity = { type, id };
      else if (type) scope.model = type;
    }
    scope.userId = fixed.userId;
    const userParam = fixed.userId ? undefined : q.string('user_id');
    if (userParam !== undefined) {
      if (!this.statements.get('SELECT 1 FROM users WHERE id = ?').get(userParam)) q.fail('user_id', `No user with id "${userParam}".`);
      else scope.userId = userParam;
    }
    q.done();
    if (entity) {
      if (!fixed.entity) this.requireRecord(entity.type, entity.id);
      scope.related = this.related(entity.type, entity.id);
    }
    return this.collect(scope, limit, filters);
  }

  private collect(scope: SourceScope, limit: number, filters: string[] | undefined): TimelineSlice {
    const types = new Set<string>(filters?.filter((f) => (ITEM_TYPES as readonly string[]).includes(f)) ?? ITEM_TYPES);
    const kinds = filters?.filter((f) => (ACTIVITY_TYPES as readonly string[]).includes(f) && f !== 'activity') ?? [];
    if (kinds.length && !types.has('activity')) {
      types.add('activity');
      scope.activityKinds = kinds;
    }
    const raw: RawItem[] = [];
    if (types.has('activity')) raw.push(...this.sources.activities(scope));
    if (types.has('audit')) raw.push(...this.sources.audit(scope), ...creationLines(this.statements, scope));
    if (types.has('task')) raw.push(...this.sources.tasks(scope));
    if (types.has('email_campaign')) raw.push(...this.sources.campaignEmails(scope));
    if (types.has('stage_change') || types.has('lead_conversion')) {
      raw.push(...this.sources.milestones(scope, { stages: types.has('stage_change'), conversions: types.has('lead_conversion') }));
    }
    const seen = new Set<string>();
    const merged = raw
      .filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)))
      .sort((a, b) => (a.ts === b.ts ? (a.key < b.key ? 1 : a.key > b.key ? -1 : 0) : a.ts < b.ts ? 1 : -1));
    const page = merged.slice(0, limit);
    const last = page.at(-1);
    return { items: this.named(page), nextCursor: merged.length > limit && last ? encodeCursor(last.ts, last.key) : null };
  }

  /** The record and the records around it whose events belong on its timeline. */
  private related(type: string, id: string): Related {
    const ids = (sql: string) => this.statements.get(`${sql} LIMIT ${MAX_RELATED}`).pluck().all(id) as string[];
    switch (type) {
      case 'company':
        return {
          company: [id],
          contact: ids('SELECT id FROM contacts WHERE company = ? AND deleted_at IS NULL'),
          opportunity: ids('SELECT id FROM opportunities WHERE company = ? AND deleted_at IS NULL'),
        };
      case 'contact':
        return { contact: [id], opportunity: ids('SELECT id FROM opportunities WHERE contact = ? AND deleted_at IS NULL') };
      case 'lead': {
        const lead = this.statements.get('SELECT converted_contact, converted_opportunity FROM leads WHERE id = ?').get(id) as
          { converted_contact: string | null; converted_opportunity: string | null } | undefined;
        return { lead: [id], opportunity: lead?.converted_opportunity ? [lead.converted_opportunity] : [] };
      }
      default:
        return { [type]: [id] } as Related;
    }
  }

  /** Attaches user briefs, record names and readable descriptions, one query per kind. */
  private named(items: RawItem[]): TimelineItem[] {
    const userIds = [...new Set(items.map((i) => i.userId).filter((u): u is string => !!u))];
    const users = new Map(
      (
        this.statements.get('SELECT id, full_name AS name, email FROM users WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(userIds)) as {
          id: string;
          name: string | null;
          email: string | null;
        }[]
      ).map((u) => [u.id, u]),
    );
    const wanted = new Map<string, Set<string>>();
    for (const i of items) {
      if (!i.entityType || !i.entityId || !entityByName(i.entityType)) continue;
      if (!wanted.has(i.entityType)) wanted.set(i.entityType, new Set());
      wanted.get(i.entityType)!.add(i.entityId);
    }
    const names = new Map<string, string | null>();
    for (const [type, ids] of wanted) {
      const entity = entityByName(type)!;
      // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
      const rows = this.statements
        .get(
          `SELECT id, ${entity.titleFields.join(', ')}${entity.fields.email ? ', email' : ''} FROM ${entity.table} WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify([...ids])) as Record<string, unknown>[];
      for (const row of rows) names.set(`${type}:${String(row.id)}`, titleOf(entity.titleFields, row));
    }
    return items.map((i) => {
      const name = i.entityType && i.entityId ? (names.get(`${i.entityType}:${i.entityId}`) ?? null) : null;
      const item: TimelineItem = {
        id: i.key,
        type: i.type,
        action: i.action,
        description: describeItem(i, name),
        entity_type: i.entityType,
        entity_id: i.entityId,
        entity_name: name,
        user: i.userId ? (users.get(i.userId) ?? { id: i.userId, name: null, email: null }) : null,
        timestamp: i.ts,
      };
      if (i.changes) item.changes = i.changes;
      return item;
    });
  }
}

function titleOf(fields: string[], row: Record<string, unknown>): string | null {
  const title = fields
    .map((f) => row[f])
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
  return title || (typeof row.email === 'string' ? row.email : null);
}

function describeItem(i: RawItem, name: string | null): string {
  if (i.type === 'stage_change' && i.detail) {
    const [from, to] = i.detail.split('|').map((v) => (v === 'null' ? null : humanize(JSON.parse(v) as string)));
    return from ? `Stage changed from ${from} to ${to}` : `Stage set to ${to}`;
  }
  if (i.type === 'lead_conversion') return `Lead ${name ? `${name} ` : ''}converted`;
  return i.description;
}

function encodeCursor(ts: string, key: string): string {
  return Buffer.from(JSON.stringify([ts, key])).toString('base64url');
}

function decodeCursor(raw: string): { ts: string; key: string } | null {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { ts: value[0], key: value[1] };
  } catch {
    /* not ours */
  }
  return null;
}
