import { validationError, type FieldErrors } from '../../../shared/errors';
import { allFields, CUSTOM_FIELD_PREFIX, type EntityDef } from '../../../shared/entities/field-def';
import { COLUMN_WIDTH, MAX_LIST_COLUMNS } from '../../../shared/contract/preference-operations';
import { isJsonObject } from '../../core/json-object';

export interface ListColumnsInput {
  columns: string[];
  widths: Record<string, number>;
}

/** Which names a list may show as columns: built-in fields (not JSON blobs) and the visible custom fields. */
export function columnIsKnown(entity: EntityDef, visibleCustom: ReadonlySet<string>, column: string): boolean {
  if (column.startsWith(CUSTOM_FIELD_PREFIX)) return visibleCustom.has(column.slice(CUSTOM_FIELD_PREFIX.length));
  const def = allFields(entity)[column];
  return def !== undefined && def.kind !== 'json' && column !== 'id';
}

/**
 * A PUT body, checked whole: every problem is named (`columns`, `widths`, an unknown key), and
 * nothing is written unless all of it is valid. A custom field the caller's role may not see
 * is as unknown as one that does not exist.
 */
export function parseListColumns(body: unknown, entity: EntityDef, visibleCustom: ReadonlySet<string>): ListColumnsInput {
  if (!isJsonObject(body)) throw validationError({ body: ['Expected an object with `columns`.'] });
  const input = body;
  const errors: FieldErrors = {};
  for (const key of Object.keys(input)) if (key !== 'columns' && key !== 'widths') errors[key] = ['Unknown field.'];

  const columns = input.columns;
  if (!Array.isArray(columns) || columns.length === 0 || columns.length > MAX_LIST_COLUMNS || !columns.every((c) => typeof c === 'string')) {
    errors.columns = [`A list of 1 to ${MAX_LIST_COLUMNS} field names.`];
  } else {
    const unknown = columns.filter((c) => !columnIsKnown(entity, visibleCustom, c));
    const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
    const problems = [
      ...unknown.map((c) => `Unknown column "${c.slice(0, 80)}" for ${entity.name}.`),
      ...[...new Set(repeated)].map((c) => `Column "${c.slice(0, 80)}" is listed twice.`),
    ];
    if (problems.length) errors.columns = problems;
  }

  const widths = input.widths ?? {};
  if (!isJsonObject(widths)) {
    errors.widths = ['An object of column name -> width in px.'];
  } else {
    const listed = new Set(Array.isArray(columns) ? columns : []);
    const problems: string[] = [];
    for (const [column, width] of Object.entries(widths)) {
      if (!listed.has(column)) problems.push(`"${column.slice(0, 80)}" is not one of the chosen columns.`);
      else if (!Number.isInteger(width) || (width as number) < COLUMN_WIDTH.min || (width as number) > COLUMN_WIDTH.max) {
        problems.push(`Width of "${column}" must be a whole number from ${COLUMN_WIDTH.min} to ${COLUMN_WIDTH.max}.`);
      }
    }
    if (problems.length) errors.widths = problems;
  }
  if (Object.keys(errors).length) throw validationError(errors);
  return { columns: columns as string[], widths: widths as Record<string, number> };
}
