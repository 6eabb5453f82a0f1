import { pageOf } from './paging';
import type { Db } from '../../db/open-database';
import { validationError, AppError, type FieldErrors } from '../../../shared/errors';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { Row } from '../records';
import { builtInFilterFields, type FilterField, type FilterFieldProvider } from './filter-fields';
import { filterCondition, FilterValueError, type SqlPart } from './filter-condition';
import { splitLookup } from './lookups';
import { ftsQuery } from './fts-query';
import { StatementCache } from '../../db/statement-cache';
import { PageAnchors, atOrAfter, type Keyset } from './page-anchors';
import { LiveCount } from './live-count';
import { LIVE_ROWS, plainSearch, searchCondition, searchCount, searchPageRowids } from './search-page';

export type QueryParams = Record<string, string | string[] | undefined>;

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging';
const CONTROL_PARAMS = new Set(['search', 'ordering', 'page', 'page_size']);

export interface ListResult {
  count: number;
  page: number;
  pageSize: number;
  rows: Row[];
}

export interface ListOptions {
  /** Parameters the endpoint handles itself; the engine neither filters on nor rejects them. */
  ignore?: readonly string[];
  /** Conditions the endpoint adds (visibility, scoping). */
  extra?: SqlPart[];
  defaultOrdering?: string;
  /** The caller: filters on fields their role may not see are unknown (custom fields). */
  viewer?: { id: string; role: string };
  /** Only these fields may be filtered and ordered on (what the caller may read); others are unknown. */
  onlyFields?: readonly string[];
}

/**
 * The one list query engine behind every list endpoint (spec section 8): full-text search,
 * field filters with lookups, one-hop relations, tags, ordering and pagination. Anything it
 * does not understand is a 400 that names the parameter; nothing is silently ignored.
 */
export class ListQueryEngine {
  private readonly providers: FilterFieldProvider[] = [];
  private readonly statements: StatementCache;
  private readonly anchors = new PageAnchors();
  private readonly liveCount: LiveCount;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
    this.liveCount = new LiveCount(db, this.statements);
  }

  addFieldProvider(provider: FilterFieldProvider): void {
    this.providers.push(provider);
  }

  fields(entity: EntityDef, viewer?: ListOptions['viewer']): Record<string, FilterField> {
    // No prototype: a parameter named `constructor` or `toString` must find nothing.
    const fields: Record<string, FilterField> = Object.assign(Object.create(null), builtInFilterFields(entity));
    for (const p of this.providers) Object.assign(fields, p(entity, viewer));
    return fields;
  }

  private fieldsFor(entity: EntityDef, opts: ListOptions): Record<string, FilterField> {
    const fields = this.fields(entity, opts.viewer);
    if (!opts.onlyFields) return fields;
    const allowed = new Set(opts.onlyFields);
    for (const name of Object.keys(fields)) if (!allowed.has(name.split('__')[0])) delete fields[name];
    return fields;
  }

  /**
   * The WHERE clause of a list query: filters, search, and live rows unless `deleted_at` is
   * filtered. Errors are collected in `errors`, one per offending parameter.
   */
  private conditions(entity: EntityDef, params: QueryParams, opts: ListOptions, errors: FieldErrors, control: ReadonlySet<string>): SqlPart[] {
    const fields = this.fieldsFor(entity, opts);
    const where: SqlPart[] = [...(opts.extra ?? [])];
    const ignore = new Set(opts.ignore ?? []);
    let filtersDeleted = false;

    for (const [param, rawValue] of Object.entries(params)) {
      if (rawValue === undefined || control.has(param) || ignore.has(param)) continue;
      if (Array.isArray(rawValue)) {
        errors[param] = ['Give this parameter once; use __in for several values.'];
        continue;
      }
      const [name, lookup] = splitLookup(param);
      const field = fields[name];
      if (!field) {
        errors[param] = [`Unknown filter "${name}".`];
        continue;
      }
      if (name === 'deleted_at') filtersDeleted = true;
      try {
        const nameColumn = field.def.kind === 'ref' && fields[`${name}_name`] ? `t.${name}_name` : null;
        const part = filterCondition(field, lookup, rawValue, { entityName: entity.name, nameColumn });
        where.push(field.via ? viaRelation(field, part) : part);
      } catch (e) {
        if (!(e instanceof FilterValueError)) throw e;
        errors[param] = [e.message];
      }
    }
    if (!filtersDeleted) where.push({ sql: LIVE_ROWS, params: [] });

    const search = single(params.search, 'search', errors);
    if (search && search.trim() !== '') {
      const match = ftsQuery(search);
      if (match) where.push(searchCondition(entity, match));
      else where.push({ sql: '0', params: [] });
    }
    return where;
  }

  /**
   * The rows a list query selects, as a WHERE clause over the entity's table aliased `t`, for
   * readers other than pages (aggregates). Throws the same 400 as `list` for bad parameters.
   */
  where(entity: EntityDef, params: QueryParams, opts: ListOptions = {}): { sql: string; params: unknown[] } {
    const errors: FieldErrors = {};
    const where = this.conditions(entity, params, opts, errors, new Set(['search']));
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return { sql: `WHERE ${where.map((w) => w.sql).join(' AND ')}`, params: where.flatMap((w) => w.params) };
  }

  list(entity: EntityDef, params: QueryParams, opts: ListOptions = {}): ListResult {
    const errors: FieldErrors = {};
    const fields = this.fieldsFor(entity, opts);
    const where = this.conditions(entity, params, opts, errors, CONTROL_PARAMS);
    const search = single(params.search, 'search', {});

    const requestedOrdering = single(params.ordering, 'ordering', errors);
    // Search hits without an explicit ordering come newest-stored first: rowid order is what
    // the full-text index yields cheaply (a short prefix can match tens of thousands of rows).
    const { sql: orderBy, keyset } =
      !requestedOrdering && search?.trim()
        ? { sql: 't.rowid DESC', keyset: { expr: 't.rowid', desc: true } }
        : this.ordering(requestedOrdering ?? opts.defaultOrdering ?? '-created_at', fields, errors);
    const { page, pageSize } = pageOf(params);
    if (Object.keys(errors).length > 0) throw validationError(errors);

    const whereSql = where.length ? `WHERE ${where.map((w) => w.sql).join(' AND ')}` : '';
    const whereParams = where.flatMap((w) => w.params);
    const plain = requestedOrdering ? null : plainSearch(entity, where);
    const allLive = where.length === 1 && where[0].sql === LIVE_ROWS ? this.liveCount.count(entity) : null;
    const count =
      plain !== null
        ? searchCount(this.statements, entity, plain)
        : (allLive ?? this.statements.count(`SELECT count(*) FROM ${entity.table} t ${whereSql}`, whereParams));
    if (page > 1 && (page - 1) * pageSize >= count) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
    const rowids =
      plain !== null
        ? searchPageRowids(this.statements, entity, plain, page, pageSize)
        : this.pageRowids(entity, { whereSql, whereParams, orderBy, keyset, page, pageSize });
    // The page's rows in its order, straight from SQLite: re-ordering them here through a map
    // and copying each row without its rowid cost as much as reading them (0.3-0.5 ms a page of
    // 20 contacts, measured on the M store).
    const rows = rowids.length
      ? (this.statements.get(`SELECT t.* FROM json_each(?) j JOIN ${entity.table} t ON t.rowid = j.value ORDER BY j.key`).all(JSON.stringify(rowids)) as Row[])
      : [];
    return { count, page, pageSize, rows };
  }

  /**
   * Row ids of one page, found index-only where the ordering is indexed, then read by the
   * caller. Resumes from a remembered page anchor when it can (see PageAnchors).
   */
  private pageRowids(
    entity: EntityDef,
    q: { whereSql: string; whereParams: unknown[]; orderBy: string; keyset: Keyset | null; page: number; pageSize: number },
  ): number[] {
    const { whereSql, whereParams, orderBy, keyset, page, pageSize } = q;
    const signature = `${entity.table}|${whereSql}|${JSON.stringify(whereParams)}|${orderBy}|${pageSize}`;
    const changes = this.statements.changeStamp();
    const usable =
      keyset && !this.statements.inTransaction() && (keyset.expr === 't.rowid' || !keyset.desc || this.nullCount(entity, whereSql, whereParams, keyset) === 0);
    const start = usable && page > 1 ? this.anchors.nearest(signature, page, changes) : null;
    const from = start ? atOrAfter(keyset!, start.anchor) : null;
    const sql = `SELECT t.rowid AS r, ${keyset?.expr ?? 'NULL'} AS k FROM ${entity.table} t ${whereSql}${from ? `${whereSql ? ' AND' : ' WHERE'} ${from.sql}` : ''} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    const offset = start ? (page - start.page) * pageSize : (page - 1) * pageSize;
    // One row more than the page: its first row anchors the next page.
    const found = this.statements.get(sql).all(...whereParams, ...(from?.params ?? []), pageSize + 1, offset) as { r: number; k: unknown }[];
    if (usable) {
      if (found[0] && found[0].k !== null) this.anchors.remember(signature, changes, page, found[0]);
      const next = found[pageSize];
      if (next && next.k !== null) this.anchors.remember(signature, changes, page + 1, next);
    }
    return found.slice(0, pageSize).map((row) => row.r);
  }

  /** Rows whose sort value is null sort last when descending; anchors skip them, so they must be none. */
  private nullCount(entity: EntityDef, whereSql: string, whereParams: unknown[], keyset: Keyset): number {
    return this.statements.count(`SELECT count(*) FROM ${entity.table} t ${whereSql}${whereSql ? ' AND' : ' WHERE'} ${keyset.expr} IS NULL`, whereParams);
  }

  private ordering(raw: string, fields: Record<string, FilterField>, errors: FieldErrors): { sql: string; keyset: Keyset | null } {
    const parts: string[] = [];
    for (const token of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const desc = token.startsWith('-');
      const name = desc ? token.slice(1) : token;
      const field = fields[name];
      if (!field || !field.orderable) {
        errors.ordering = [`Cannot order by "${name}".`];
        continue;
      }
      parts.push(`${field.expr} ${desc ? 'DESC' : 'ASC'}`);
    }
    // rowid breaks ties: every index ends with it, so (column, rowid) is still index order.
    const last = parts.at(-1);
    const desc = last?.endsWith('DESC') ?? false;
    const keyset = parts.length === 1 ? { expr: parts[0].replace(/ (ASC|DESC)$/, ''), desc } : null;
    parts.push(`t.rowid ${desc ? 'DESC' : 'ASC'}`);
    return { sql: parts.join(', '), keyset };
  }
}

function viaRelation(field: FilterField, part: SqlPart): SqlPart {
  const via = field.via!;
  return {
    sql: `${via.column} IN (SELECT r.id FROM ${via.target.table} r WHERE r.deleted_at IS NULL AND ${part.sql})`,
    params: part.params,
  };
}

function single(value: string | string[] | undefined, name: string, errors: FieldErrors): string | undefined {
  if (Array.isArray(value)) {
    errors[name] = ['Give this parameter once.'];
    return undefined;
  }
  return value;
}
