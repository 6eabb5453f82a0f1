import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { allFields } from '../../../shared/entities/field-def';
import type { Caller } from '../../core/handler';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { ListQueryEngine, QueryParams } from '../query';
import { BUILTIN_METRICS } from './builtin-metrics';
import { MetricDefinitionStore, type MetricDefinitionRow } from './metric-definition-store';
import type { CompiledMetric } from './metrics';
import { objectBody } from '../../core/json-object';

export const METRIC_AGGREGATES = ['count', 'sum', 'avg', 'median', 'min', 'max'] as const;
export const METRIC_ENTITIES = ['lead', 'contact', 'company', 'opportunity', 'task', 'activity'] as const;
const KEYS = ['name', 'label', 'description', 'entity', 'aggregate', 'field', 'filter', 'date_field'];
const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const MAX_FILTER = 2000;
const MAX_TEXT = 500;
/** Whose records a metric counts when the owner filter is set. */
const OWNER_FIELD: Record<string, string> = {
  lead: 't.owner',
  opportunity: 't.owner',
  company: 't.owner',
  contact: 't.assigned_to',
  task: 't.assigned_to',
  activity: 't.user',
};
/** Parameters of a list query that choose rows to show, not rows to count. */
const NOT_FILTERS = new Set(['ordering', 'page', 'page_size']);

export type MetricDefinition = MetricDefinitionRow;

/**
 * The team's own metrics: an aggregate over a field of the records a list query selects. The
 * filter is compiled by the list query engine itself, so a KPI understands exactly what a
 * list understands (custom fields included) and refuses what it refuses.
 */
export class MetricDefinitions {
  readonly store: MetricDefinitionStore;
  /** Bumped by every change of a definition (answers that used one are stale). */
  version = 0;

  constructor(private readonly deps: { store: MetricDefinitionStore; query: ListQueryEngine; clock: Clock }) {
    this.store = deps.store;
  }

  list(): MetricDefinition[] {
    return this.store.list();
  }

  get(id: string): MetricDefinition {
    const row = this.store.get(id);
    if (!row) throw notFound('Metric definition');
    return row;
  }

  create(body: unknown, caller: Caller): MetricDefinition {
    const at = this.deps.clock.now().toISOString();
    const input = objectBody(body);
    const row = this.check({ id: newId(), created_by: caller.id, created_at: at, updated_at: at }, input, caller, unknownKeys(input));
    this.store.put(row);
    this.version++;
    return row;
  }

  update(id: string, body: unknown, caller: Caller): MetricDefinition {
    const current = this.get(id);
    const input = objectBody(body);
    const row = this.check({ ...current, updated_at: this.deps.clock.now().toISOString() }, { ...current, ...input }, caller, unknownKeys(input));
    this.store.put(row, caller.id);
    this.version++;
    return row;
  }

  remove(id: string): void {
    this.get(id);
    this.store.delete(id);
    this.version++;
  }

  /** The definition as SQL for the caller (their role decides which custom fields exist). */
  compile(row: MetricDefinition, viewer: { id: string; role: string }): CompiledMetric {
    const entity = entityByName(row.entity)!;
    const where = this.deps.query.where(entity, filterParams(row.filter), { viewer });
    const field = row.field ? this.deps.query.fields(entity, viewer)[row.field] : null;
    const expr = field ? (row.field!.startsWith('cf_') ? `CAST(${field.expr} AS REAL)` : field.expr) : '1';
    const from = `FROM ${entity.table} t ${where.sql} AND %window %owner`;
    // avg is a sum and a count, so per-period rows add up to the total's (see MetricSource.combine).
    const aggregate =
      row.aggregate === 'count' ? 'count(*), count(*)' : row.aggregate === 'avg' ? `sum(${expr}), count(${expr})` : `${row.aggregate}(${expr}), count(${expr})`;
    const sql =
      row.aggregate === 'median'
        ? `SELECT %bucket AS b, ${expr} ${from} AND ${expr} IS NOT NULL ORDER BY 1, 2`
        : `SELECT %bucket AS b, ${aggregate} ${from} GROUP BY 1`;
    const combine = row.aggregate === 'median' ? 'rows' : row.aggregate === 'min' || row.aggregate === 'max' ? row.aggregate : 'sum';
    return {
      name: row.name,
      label: row.label,
      description: row.description,
      aggregate: row.aggregate,
      unit: row.aggregate === 'count' ? 'count' : 'number',
      source: { sql, dateExpr: `t.${row.date_field}`, ownerExpr: OWNER_FIELD[row.entity], combine },
      params: where.params,
    };
  }

  private check(
    base: Pick<MetricDefinitionRow, 'id' | 'created_by' | 'created_at' | 'updated_at'>,
    input: Record<string, unknown>,
    caller: Caller,
    errors: FieldErrors,
  ): MetricDefinitionRow {
    // `errors` arrives holding the body's unknown keys.
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!NAME.test(name)) errors.name = ['Required: lower-case letters, digits and underscores, starting with a letter (it is used in metrics=...).'];
    else if (BUILTIN_METRICS[name]) errors.name = ['This is the name of a built-in metric.'];
    else if (this.store.byName(name) && this.store.byName(name)!.id !== base.id) errors.name = ['A metric with this name already exists.'];
    const text = (key: string, fallback: string): string => {
      const v = input[key] ?? fallback;
      if (typeof v !== 'string' || v.length > MAX_TEXT) errors[key] = [`A text of at most ${MAX_TEXT} characters.`];
      return typeof v === 'string' ? v.trim() : fallback;
    };
    const label = text('label', name) || name;
    const description = text('description', '');
    const entity = typeof input.entity === 'string' && (METRIC_ENTITIES as readonly string[]).includes(input.entity) ? entityByName(input.entity)! : null;
    if (!entity) errors.entity = [`One of: ${METRIC_ENTITIES.join(', ')}.`];
    const aggregate = typeof input.aggregate === 'string' && (METRIC_AGGREGATES as readonly string[]).includes(input.aggregate) ? input.aggregate : null;
    if (!aggregate) errors.aggregate = [`One of: ${METRIC_AGGREGATES.join(', ')}.`];
    let field: string | null = input.field === undefined || input.field === null || input.field === '' ? null : String(input.field);
    if (aggregate === 'count') field = null;
    else if (aggregate && entity) {
      const def = field ? this.deps.query.fields(entity, caller)[field] : undefined;
      if (!field) errors.field = [`Required for ${aggregate}: a number field of ${entity.name} (custom fields as cf_<name>).`];
      else if (!def || def.via || (def.def.kind !== 'int' && def.def.kind !== 'decimal'))
        errors.field = [`"${field}" is not a number field of ${entity.name}.`];
    }
    const dateField = input.date_field === undefined || input.date_field === null ? 'created_at' : input.date_field;
    const dateDef = entity && typeof dateField === 'string' ? allFields(entity)[dateField] : undefined;
    if (entity && (!dateDef || (dateDef.kind !== 'date' && dateDef.kind !== 'datetime')))
      errors.date_field = [`A date field of ${entity.name} that places a record in a period (default created_at).`];
    const filter = typeof input.filter === 'string' ? input.filter.trim().replace(/^\?/, '') : input.filter === undefined || input.filter === null ? '' : null;
    if (filter === null || filter.length > MAX_FILTER)
      errors.filter = [`A list query string of at most ${MAX_FILTER} characters, e.g. "stage=proposal&cf_region=north".`];
    else if (entity) {
      const bad = [...new URLSearchParams(filter).keys()].filter((k) => NOT_FILTERS.has(k));
      if (bad.length) errors.filter = bad.map((k) => `${k}: not a filter (a metric counts every matching record).`);
      else {
        try {
          this.deps.query.where(entity, filterParams(filter), { viewer: caller });
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
          errors.filter = Object.entries(e.fields ?? {}).flatMap(([param, messages]) => messages.map((m) => `${param}: ${m}`));
        }
      }
    }
    if (Object.keys(errors).length) throw validationError(errors);
    return { ...base, name, label, description, entity: entity!.name, aggregate: aggregate!, field, filter: filter!, date_field: dateField as string };
  }
}

function filterParams(filter: string): QueryParams {
  const params: QueryParams = {};
  for (const [key, value] of new URLSearchParams(filter)) {
    const prior = params[key];
    params[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return params;
}

function unknownKeys(input: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of Object.keys(input)) if (!KEYS.includes(key)) errors[key] = ['Unknown field.'];
  return errors;
}
