import { isUuid } from '../../core/ids';
import { entityByName } from '../../../shared/entities/entities';
import { isValidDate, parseDateTime } from '../../../shared/entities/validate-field';
import type { FieldDef } from '../../../shared/entities/field-def';
import { LOOKUPS_BY_KIND } from './lookups';
import type { FilterField } from './filter-fields';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

export class FilterValueError extends Error {}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

function parseBool(raw: string): boolean {
  const v = raw.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new FilterValueError('Must be true or false.');
}

/** Turns one text value into the column's type; `bound` widens a plain date on datetimes. */
function parseScalar(def: FieldDef, raw: string, bound: 'start' | 'end' = 'start'): unknown {
  switch (def.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new FilterValueError(`"${raw}" is not a valid integer.`);
      return Number(raw);
    }
    case 'decimal': {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new FilterValueError(`"${raw}" is not a valid number.`);
      return Number(raw);
    }
    case 'bool':
      return parseBool(raw) ? 1 : 0;
    case 'date':
      if (!isValidDate(raw)) throw new FilterValueError(`"${raw}" is not a valid date (YYYY-MM-DD).`);
      return raw;
    case 'datetime': {
      if (isValidDate(raw)) return bound === 'end' ? `${raw}T23:59:59.999Z` : `${raw}T00:00:00.000Z`;
      const iso = parseDateTime(raw);
      if (!iso) throw new FilterValueError(`"${raw}" is not a valid date or ISO 8601 datetime.`);
      return iso;
    }
    case 'enum':
      if (!def.options?.includes(raw)) throw new FilterValueError(`Select a valid choice. "${raw}" is not one of the available choices.`);
      return raw;
    default:
      return raw;
  }
}

function list(raw: string): string[] {
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw new FilterValueError('Enter a comma-separated list of values.');
  if (values.length > 500) throw new FilterValueError('At most 500 values.');
  return values;
}

/** `company=Acme`: a ref matched by id, or by the target's lookup fields (and a `<ref>_name` copy). */
function refMatch(field: FilterField, raw: string, nameColumn: string | null): SqlPart {
  if (isUuid(raw)) return { sql: `${field.expr} = ?`, params: [raw] };
  const target = entityByName(field.def.ref ?? '');
  if (!target) throw new FilterValueError('Unknown relation.');
  const lookups = target.lookupFields;
  const matchTarget = lookups.map((l) => `${l} = ? COLLATE NOCASE`).join(' OR ');
  const params: unknown[] = lookups.map(() => raw);
  let sql = `${field.expr} IN (SELECT id FROM ${target.table} WHERE ${matchTarget})`;
  if (nameColumn) {
    sql = `(${sql} OR ${nameColumn} = ? COLLATE NOCASE)`;
    params.push(raw);
  }
  return { sql, params };
}

/** The SQL condition for one filter parameter. Throws FilterValueError for a bad value. */
export function filterCondition(field: FilterField, lookup: string, raw: string, ctx: { entityName: string; nameColumn: string | null }): SqlPart {
  if (field.condition) return field.condition(lookup, raw);
  const { def, expr } = field;
  if (!LOOKUPS_BY_KIND[def.kind].includes(lookup)) {
    throw new FilterValueError(`Lookup "${lookup}" is not supported on this field (use one of: ${LOOKUPS_BY_KIND[def.kind].join(', ')}).`);
  }
  if (lookup === 'isnull') {
    const isNull = parseBool(raw);
    if (def.kind === 'tags') return { sql: `${expr} ${isNull ? '=' : '!='} '[]'`, params: [] };
    return { sql: `${expr} IS ${isNull ? '' : 'NOT '}NULL`, params: [] };
  }
  if (def.kind === 'tags') {
    // `a,a` is one tag: counted twice, no record could ever match.
    const tags = [...new Set(list(raw))];
    if (lookup === 'all') {
      return {
        sql: `t.id IN (SELECT record_id FROM record_tags WHERE entity = ? AND tag IN (SELECT value FROM json_each(?)) GROUP BY record_id HAVING count(*) = ?)`,
        params: [ctx.entityName, JSON.stringify(tags), tags.length],
      };
    }
    return {
      sql: `t.id IN (SELECT record_id FROM record_tags WHERE entity = ? AND tag IN (SELECT value FROM json_each(?)))`,
      params: [ctx.entityName, JSON.stringify(tags)],
    };
  }
  if (def.kind === 'ref' && lookup === 'exact') return refMatch(field, raw, ctx.nameColumn);
  switch (lookup) {
    case 'exact': {
      if (def.kind === 'datetime' && isValidDate(raw)) {
        return { sql: `${expr} BETWEEN ? AND ?`, params: [parseScalar(def, raw, 'start'), parseScalar(def, raw, 'end')] };
      }
      return { sql: `${expr} = ?`, params: [parseScalar(def, raw)] };
    }
    case 'iexact':
      return { sql: `${expr} = ? COLLATE NOCASE`, params: [raw] };
    case 'contains':
      return { sql: `instr(${expr}, ?) > 0`, params: [raw] };
    case 'icontains':
      return { sql: `${expr} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(raw)}%`] };
    case 'startswith':
      // SQLite counts characters, JavaScript UTF-16 units: an emoji is one and two.
      return { sql: `substr(${expr}, 1, ?) = ?`, params: [[...raw].length, raw] };
    case 'istartswith':
      return { sql: `${expr} LIKE ? ESCAPE '\\'`, params: [`${escapeLike(raw)}%`] };
    case 'endswith':
      return { sql: `substr(${expr}, -?) = ?`, params: [[...raw].length, raw] };
    case 'iendswith':
      return { sql: `${expr} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(raw)}`] };
    case 'gt':
      return { sql: `${expr} > ?`, params: [parseScalar(def, raw, 'end')] };
    case 'gte':
      return { sql: `${expr} >= ?`, params: [parseScalar(def, raw, 'start')] };
    case 'lt':
      return { sql: `${expr} < ?`, params: [parseScalar(def, raw, 'start')] };
    case 'lte':
      return { sql: `${expr} <= ?`, params: [parseScalar(def, raw, 'end')] };
    case 'in': {
      const values = list(raw).map((v) => (def.kind === 'ref' ? v : parseScalar(def, v)));
      return { sql: `${expr} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
    }
    case 'range': {
      const values = list(raw);
      if (values.length !== 2) throw new FilterValueError('Enter two values separated by a comma: from,to.');
      return { sql: `${expr} BETWEEN ? AND ?`, params: [parseScalar(def, values[0], 'start'), parseScalar(def, values[1], 'end')] };
    }
    default:
      throw new FilterValueError(`Unsupported lookup "${lookup}".`);
  }
}
