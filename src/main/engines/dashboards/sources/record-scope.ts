import { AppError } from '../../../../shared/errors';
import { entityByName } from '../../../../shared/entities/entities';
import type { EntityDef } from '../../../../shared/entities/field-def';
import { RECORD_ENTITIES } from '../../../../shared/contract/record-operations';
import type { FilterField, ListQueryEngine, QueryParams, SqlPart } from '../../query';
import { PERIODS, resolvePeriod, today, type Period, type ResolvedPeriod } from '../periods';
import type { DataViewer, ParamSpec } from './source-types';
import { objectOr } from '../../../core/json-object';

export const ENTITY_NAMES = RECORD_ENTITIES.map((e) => e.name);
const MAX_FILTERS = 20;

/** The parameters every record-backed source shares: which records, and which period of them. */
export const SCOPE_PARAMS: Record<string, ParamSpec> = {
  entity: { type: 'entity', options: ENTITY_NAMES, required: true, description: 'Which records' },
  filters: {
    type: 'filters',
    description:
      'Filters in the list endpoints\' grammar (`{"stage__in": "proposal,negotiation", "amount__gte": "50000", "cf_region": "north"}`); `me` is the viewer, `@today` and `@now` resolve at read time',
  },
  period: { type: 'period', options: PERIODS, description: "A relative period in the viewer's time zone" },
  date_field: { type: 'field', description: 'The date the period applies to (default: created_at)' },
};

/** One entity's records a widget reads: the WHERE clause over its table aliased `t`. */
export interface Scope {
  entity: EntityDef;
  fields: Record<string, FilterField>;
  sql: string;
  params: unknown[];
}

const KINDS_WITH_DATES = new Set(['date', 'datetime']);

export function entityOf(params: Record<string, unknown>): EntityDef {
  return entityByName(String(params.entity))!;
}

/** `me` is the viewer; `@today` is the viewer's today (a date, or the instant it began), `@now` is now. */
function resolveValue(raw: string, field: FilterField | undefined, viewer: DataViewer, now: Date): string {
  const swap = (v: string) => {
    if (v === 'me') return viewer.id;
    if (v === '@now') return now.toISOString();
    if (v === '@today') {
      const t = today(now, viewer.timezone);
      return field?.def.kind === 'date' ? t.date : t.start;
    }
    return v;
  };
  return raw.includes(',')
    ? raw
        .split(',')
        .map((v) => swap(v.trim()))
        .join(',')
    : swap(raw);
}

export class RecordScopes {
  constructor(private readonly query: ListQueryEngine) {}

  fields(entity: EntityDef, viewer: DataViewer): Record<string, FilterField> {
    return this.query.fields(entity, viewer);
  }

  /** Names of date and datetime fields (built-in and custom) the viewer may read. */
  dateFields(entity: EntityDef, viewer: DataViewer): string[] {
    return Object.entries(this.fields(entity, viewer))
      .filter(([name, f]) => !f.via && !name.includes('__') && KINDS_WITH_DATES.has(f.def.kind))
      .map(([n]) => n);
  }

  /** The period a widget asks for: `period: "this_month"` or the spec's flag form `this_month: true`. */
  period(params: Record<string, unknown>): Period | null {
    if (typeof params.period === 'string') return params.period as Period;
    return PERIODS.find((p) => params[p] === true) ?? null;
  }

  /** The widget's filters with `me`, `@today` and `@now` resolved for this viewer. */
  filterParams(params: Record<string, unknown>, viewer: DataViewer, now: Date): QueryParams {
    const fields = this.fields(entityOf(params), viewer);
    const filters: QueryParams = {};
    for (const [key, value] of Object.entries(objectOr(params.filters))) {
      filters[key] = resolveValue(String(value), fields[key.split('__')[0]], viewer, now);
    }
    return filters;
  }

  /** The condition putting `date_field` (default created_at) inside the period. */
  periodPart(params: Record<string, unknown>, fields: Record<string, FilterField>, period: ResolvedPeriod): SqlPart {
    const dateField = fields[String(params.date_field ?? 'created_at')];
    if (!dateField)
      throw new AppError('validation_failed', 'Unknown date field.', { 'query_params.date_field': [`Unknown field "${String(params.date_field)}".`] });
    const isDate = dateField.def.kind === 'date';
    return {
      sql: `${dateField.expr} >= ? AND ${dateField.expr} < ?`,
      params: [isDate ? period.startDate : period.start, isDate ? period.endDate : period.end],
    };
  }

  scope(params: Record<string, unknown>, viewer: DataViewer, now: Date, period: ResolvedPeriod | null, extraFilters: QueryParams = {}): Scope {
    const entity = entityOf(params);
    const fields = this.fields(entity, viewer);
    const filters = { ...this.filterParams(params, viewer, now), ...extraFilters };
    const where = refiled(() => this.query.where(entity, filters, { viewer }));
    const parts = [where.sql];
    const values = [...where.params];
    if (period) {
      const part = this.periodPart(params, fields, period);
      parts.push(part.sql);
      values.push(...part.params);
    }
    return { entity, fields, sql: parts.join(' AND '), params: values };
  }

  /** Parameter checks that need the entity: filters that parse, a date field that is a date. */
  check(params: Record<string, unknown>, viewer: DataViewer, errors: Record<string, string[]>): void {
    if (typeof params.entity !== 'string' || !entityByName(params.entity)) return;
    const entity = entityOf(params);
    const filters = params.filters;
    if (filters !== undefined) {
      if (
        typeof filters !== 'object' ||
        filters === null ||
        Array.isArray(filters) ||
        Object.keys(filters).length > MAX_FILTERS ||
        !Object.values(filters).every((v) => ['string', 'number', 'boolean'].includes(typeof v))
      ) {
        errors['query_params.filters'] = [`An object of at most ${MAX_FILTERS} filters, each a text, number or boolean value.`];
        return;
      }
    }
    if (params.date_field !== undefined && !this.dateFields(entity, viewer).includes(String(params.date_field))) {
      errors['query_params.date_field'] = [`A date field of ${entity.name}: ${this.dateFields(entity, viewer).join(', ')}.`];
    }
    if (errors['query_params.date_field']) return;
    try {
      this.scope(params, viewer, new Date(), null);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      Object.assign(errors, e.fields);
    }
  }

  /** The period of the widget resolved for this viewer now, or null when it has none. */
  resolve(params: Record<string, unknown>, viewer: DataViewer, now: Date): ResolvedPeriod | null {
    const p = this.period(params);
    return p ? resolvePeriod(p, now, viewer.timezone) : null;
  }
}

/** Runs a list query step; its 400 names the widget's filters, where the bad value came from. */
export function refiled<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
    const messages = Object.entries(e.fields ?? {}).flatMap(([param, m]) => m.map((text) => `${param}: ${text}`));
    throw new AppError('validation_failed', "The widget's filters do not apply.", { 'query_params.filters': messages.length ? messages : [e.message] });
  }
}
