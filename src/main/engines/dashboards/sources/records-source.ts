import { allFields, customFieldName, type EntityDef } from '../../../../shared/entities/field-def';
import type { DataSource, ReadContext } from './source-types';
import type { SourceDeps } from './source-deps';
import { SCOPE_PARAMS, entityOf, refiled } from './record-scope';
import { isJsonObject, objectOr } from '../../../core/json-object';

const DEFAULT_COLUMNS: Record<string, string[]> = {
  opportunity: ['name', 'stage', 'amount', 'close_date', 'owner'],
  task: ['title', 'status', 'priority', 'due_date', 'assigned_to'],
  lead: ['first_name', 'last_name', 'company_name', 'status', 'lead_score'],
  contact: ['first_name', 'last_name', 'email', 'company_name', 'city'],
  company: ['name', 'industry', 'city', 'country', 'owner'],
  activity: ['subject', 'activity_type', 'occurred_at', 'user'],
};
const SUBTITLE: Record<string, string[]> = {
  opportunity: ['stage', 'amount', 'close_date'],
  task: ['due_date', 'priority'],
  lead: ['company_name', 'status'],
  contact: ['company_name', 'email'],
  company: ['industry', 'city'],
  activity: ['activity_type', 'occurred_at'],
};

/** A serialised value as a table cell: a linked record by its name, money as a number. */
function cell(value: unknown): unknown {
  if (isJsonObject(value)) {
    const brief = value;
    return brief.full_name ?? brief.name ?? brief.title ?? brief.subject ?? brief.id ?? null;
  }
  return Array.isArray(value) ? value.join(', ') : value;
}

function columnValue(record: Record<string, unknown>, column: string): unknown {
  const custom = customFieldName(column);
  return cell(custom ? objectOr(record.custom_fields)[custom] : record[column]);
}

function title(entity: EntityDef, record: Record<string, unknown>): string {
  return (
    entity.titleFields
      .map((f) => record[f])
      .filter((v) => v !== null && v !== undefined && v !== '')
      .join(' ') || String(record.id)
  );
}

/** Records of any entity through the list endpoints' query engine: filters, ordering, a limit. */
export function recordsSource(deps: SourceDeps): DataSource {
  const read = ({ params, viewer, now, widgetType }: ReadContext) => {
    const entity = entityOf(params);
    const fields = deps.scopes.fields(entity, viewer);
    const period = deps.scopes.resolve(params, viewer, now);
    const extra = period ? [deps.scopes.periodPart(params, fields, period)] : [];
    const query = {
      ...deps.scopes.filterParams(params, viewer, now),
      page_size: String(params.limit ?? 10),
      ...(params.ordering ? { ordering: String(params.ordering) } : {}),
    };
    const result = refiled(() => deps.query.list(entity, query, { viewer, extra }));
    const records = deps.reader.serialize(entity, result.rows, viewer);
    if (widgetType === 'list') {
      return {
        count: result.count,
        items: records.map((r) => ({
          id: r.id,
          entity: entity.name,
          title: title(entity, r),
          subtitle: (SUBTITLE[entity.name] ?? [])
            .map((c) => columnValue(r, c))
            .filter((v) => v !== null && v !== undefined && v !== '')
            .join(' · '),
        })),
      };
    }
    const columns = (params.columns as string[] | undefined) ?? DEFAULT_COLUMNS[entity.name];
    const all = allFields(entity);
    return {
      count: result.count,
      columns: columns.map((c) => ({ key: c, label: all[c]?.label ?? fields[`cf_${customFieldName(c)}`]?.def.label ?? c })),
      rows: records.map((r) => ({ id: r.id, ...Object.fromEntries(columns.map((c) => [c, columnValue(r, c)])) })),
    };
  };
  return {
    name: 'records',
    label: 'Records',
    description: "Records of any entity with the list endpoints' filters (custom fields included), ordered, up to a limit.",
    widgetTypes: ['table', 'list'],
    params: {
      ...SCOPE_PARAMS,
      ordering: { type: 'string', description: 'As on the list endpoints: `-amount`, `due_date`' },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'How many records' },
      columns: { type: 'string_list', description: 'Table columns (`custom_fields.<name>` for custom fields)' },
    },
    entities: (p) => [String(p.entity), 'company', 'contact'],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => {
      deps.scopes.check(p, viewer, errors);
      if (errors['query_params.entity'] || typeof p.entity !== 'string') return;
      const entity = entityOf(p);
      const fields = deps.scopes.fields(entity, viewer);
      if (p.ordering !== undefined) {
        const bad = String(p.ordering)
          .split(',')
          .map((s) => s.trim().replace(/^-/, ''))
          .filter((n) => !fields[n]?.orderable);
        if (bad.length) errors['query_params.ordering'] = bad.map((n) => `Cannot order by "${n}".`);
      }
      if (Array.isArray(p.columns)) {
        const all = allFields(entity);
        const bad = (p.columns as string[]).filter((c) => (customFieldName(c) ? !fields[`cf_${customFieldName(c)}`] : !all[c]));
        if (bad.length) errors['query_params.columns'] = bad.map((c) => `Unknown field "${c}" for ${entity.name}.`);
      }
    },
    read,
  };
}
