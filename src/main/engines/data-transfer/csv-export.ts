import { validationError } from '../../../shared/errors';
import { allFields, type EntityDef, type FieldDef } from '../../../shared/entities/field-def';
import { EXPORT_MAX_ROWS } from '../../../shared/contract/data-transfer-operations';
import type { FilterField, ListQueryEngine, QueryParams } from '../query';
import type { Row, Viewer } from '../records';
import { FILTER_PREFIX } from '../custom-fields';
import { CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';
import { csvLine } from './csv-format';
import { objectOr } from '../../core/json-object';

/** Pages of the list engine read per export step (its largest page). */
const PAGE = 100;

interface Column {
  name: string;
  text: (row: Row, custom: Record<string, unknown>) => string;
}

function builtInText(name: string, def: FieldDef): Column['text'] {
  return (row) => {
    const v = row[name];
    if (v === null || v === undefined) return name === 'currency' ? 'USD' : '';
    switch (def.kind) {
      case 'tags':
        return (JSON.parse(String(v)) as string[]).join(', ');
      case 'bool':
        return v === 1 || v === true ? 'true' : 'false';
      case 'decimal':
        return typeof v === 'number' ? v.toFixed(2) : String(v);
      default:
        return String(v);
    }
  };
}

function customText(name: string): Column['text'] {
  return (_row, custom) => {
    const v = custom[name];
    if (v === null || v === undefined) return '';
    return Array.isArray(v) ? v.join(', ') : String(v);
  };
}

/** Export columns: `fields=` in order, or id, the entity's fields, tags, custom fields, then the stamps. */
function chooseColumns(entity: EntityDef, fieldsParam: string | undefined, customFilters: Record<string, FilterField>): Column[] {
  const builtIn = allFields(entity);
  const custom = Object.keys(customFilters)
    .filter((k) => k.startsWith(FILTER_PREFIX))
    .map((k) => k.slice(FILTER_PREFIX.length));
  const column = (name: string): Column | null => {
    if (name.startsWith(CUSTOM_FIELD_PREFIX))
      return custom.includes(name.slice(CUSTOM_FIELD_PREFIX.length)) ? { name, text: customText(name.slice(CUSTOM_FIELD_PREFIX.length)) } : null;
    const def = Object.hasOwn(builtIn, name) ? builtIn[name] : undefined;
    return def && def.kind !== 'json' ? { name, text: builtInText(name, def) } : null;
  };
  const names =
    fieldsParam !== undefined
      ? fieldsParam
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : ['id', ...Object.keys(entity.fields), 'tags', ...custom.map((c) => `${CUSTOM_FIELD_PREFIX}${c}`), 'created_by', 'created_at', 'updated_at'];
  const unknown = names.filter((n) => !column(n));
  if (unknown.length) throw validationError({ fields: unknown.map((n) => `Unknown field "${n}" for ${entity.name}.`) });
  if (names.length === 0) throw validationError({ fields: ['Name at least one field.'] });
  return names.map((n) => column(n)!);
}

/**
 * The list endpoint's query as CSV text: same search, filters and ordering, every page.
 * Refs are the linked record's id, tags are joined with ", "; only custom fields the caller's
 * role can see are offered. Cells are neutralised against formula injection in csvCell.
 */
export function exportCsv(query: ListQueryEngine, entity: EntityDef, params: QueryParams, viewer: Viewer): string {
  const { fields, ...listParams } = params;
  // Every page is exported; paging parameters of a list URL pasted here mean nothing.
  delete listParams.page;
  delete listParams.page_size;
  if (Array.isArray(fields)) throw validationError({ fields: ['Give this parameter once, comma-separated.'] });
  const columns = chooseColumns(entity, fields, query.fields(entity, viewer));
  const first = query.list(entity, { ...listParams, page: '1', page_size: String(PAGE) }, { viewer });
  if (first.count > EXPORT_MAX_ROWS) {
    throw validationError({
      filters: [
        `This list has ${first.count.toLocaleString('en-US')} ${entity.resource}; an export takes at most ${EXPORT_MAX_ROWS.toLocaleString('en-US')}. Narrow it with search or filters.`,
      ],
    });
  }
  const lines = [csvLine(columns.map((c) => c.name))];
  const pages = Math.ceil(first.count / PAGE);
  for (let page = 1; page <= pages; page++) {
    const rows = page === 1 ? first.rows : query.list(entity, { ...listParams, page: String(page), page_size: String(PAGE) }, { viewer }).rows;
    for (const row of rows) {
      const custom = typeof row.custom_fields === 'string' ? objectOr(JSON.parse(row.custom_fields)) : {};
      lines.push(csvLine(columns.map((c) => c.text(row, custom))));
    }
  }
  return lines.join('');
}
