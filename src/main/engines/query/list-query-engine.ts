import type { Db } from '../../db/open-database';
import { validationError, AppError, type FieldErrors } from '../../../shared/errors';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { Row } from '../records';
import { builtInFilterFields, type FilterField, type FilterFieldProvider } from './filter-fields';
import { filterCondition, FilterValueError, type SqlPart } from './filter-condition';
import { splitLookup } from './lookups';
import { ftsQuery } from './fts-query';

export type QueryParams = Record<string, string | string[] | undefined>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
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
}

/**
 * The one list query engine behind every list endpoint (spec section 8): full-text search,
 * field filters with lookups, one-hop relations, tags, ordering and pagination. Anything it
 * does not understand is a 400 that names the parameter; nothing is silently ignored.
 */
export class ListQueryEngine {
  private readonly providers: FilterFieldProvider[] = [];

  constructor(private readonly db: Db) {}

  addFieldProvider(provider: FilterFieldProvider): void {
    this.providers.push(provider);
  }

  fields(entity: EntityDef): Record<string, FilterField> {
    const fields = builtInFilterFields(entity);
    for (const p of this.providers) Object.assign(fields, p(entity));
    return fields;
  }

  list(entity: EntityDef, params: QueryParams, opts: ListOptions = {}): ListResult {
    const errors: FieldErrors = {};
    const fields = this.fields(entity);
    const where: SqlPart[] = [...(opts.extra ?? [])];
    const ignore = new Set(opts.ignore ?? []);
    let filtersDeleted = false;

    for (const [param, rawValue] of Object.entries(params)) {
      if (rawValue === undefined || CONTROL_PARAMS.has(param) || ignore.has(param)) continue;
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
    if (!filtersDeleted) where.push({ sql: 't.deleted_at IS NULL', params: [] });

    const search = single(params.search, 'search', errors);
    if (search && search.trim() !== '') {
      const match = ftsQuery(search);
      if (match) where.push({ sql: `t.rowid IN (SELECT rowid FROM ${entity.table}_fts WHERE ${entity.table}_fts MATCH ?)`, params: [match] });
      else where.push({ sql: '0', params: [] });
    }

    const orderBy = this.ordering(single(params.ordering, 'ordering', errors) ?? opts.defaultOrdering ?? '-created_at', fields, errors);
    const page = positiveInt(single(params.page, 'page', errors), 'page', errors) ?? 1;
    const pageSize = Math.min(positiveInt(single(params.page_size, 'page_size', errors), 'page_size', errors) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    if (Object.keys(errors).length > 0) throw validationError(errors);

    const whereSql = where.length ? `WHERE ${where.map((w) => w.sql).join(' AND ')}` : '';
    const whereParams = where.flatMap((w) => w.params);
    const { n: count } = this.db.prepare(`SELECT count(*) AS n FROM ${entity.table} t ${whereSql}`).get(...whereParams) as { n: number };
    if (page > 1 && (page - 1) * pageSize >= count) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
    // Page the row ids first (index-only for indexed orderings), then read just those rows.
    const rowids = this.db
      .prepare(`SELECT t.rowid AS r FROM ${entity.table} t ${whereSql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...whereParams, pageSize, (page - 1) * pageSize) as number[];
    const rows = rowids.length
      ? (this.db.prepare(`SELECT rowid AS _r, * FROM ${entity.table} WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as (Row & { _r: number })[])
      : [];
    const byRowid = new Map(rows.map((r) => [r._r, r]));
    const ordered = rowids.map((r) => byRowid.get(r)!).filter(Boolean).map(({ _r, ...row }) => row as Row);
    return { count, page, pageSize, rows: ordered };
  }

  private ordering(raw: string, fields: Record<string, FilterField>, errors: FieldErrors): string {
    const parts: string[] = [];
    for (const token of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const desc = token.startsWith('-');
      const name = desc ? token.slice(1) : token;
      const field = fields[name];
      if (!field || !field.orderable) {
        errors.ordering = [`Cannot order by "${name}".`];
        continue;
      }
      parts.push(`${field.expr} ${desc ? 'DESC' : 'ASC'}`);
    }
    const last = parts.at(-1);
    parts.push(`t.id ${last?.endsWith('DESC') ? 'DESC' : 'ASC'}`);
    return parts.join(', ');
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

function positiveInt(value: string | undefined, name: string, errors: FieldErrors): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    errors[name] = ['A positive integer is required.'];
    return undefined;
  }
  return Number(value);
}
