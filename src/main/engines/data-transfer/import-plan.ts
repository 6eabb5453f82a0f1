import { validationError, type FieldErrors } from '../../../shared/errors';
import { allFields, type EntityDef, type FieldKind } from '../../../shared/entities/field-def';
import type { FilterField } from '../query';
import { FILTER_PREFIX } from '../custom-fields';

export type { MatchOn } from '../../../shared/contract/data-transfer-types';
import type { MatchOn } from '../../../shared/contract/data-transfer-types';

/** A field a CSV column can be written to. */
export interface ImportTarget {
  /** `email`, `custom_fields.score`, or `id` (only to match on). */
  name: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
}

interface MappedColumn {
  index: number;
  target: ImportTarget;
}

/** One CSV row read through the plan: the record body to write and the match key, if any. */
export interface PlannedRow {
  body: Record<string, unknown>;
  id: string | null;
  email: string | null;
  blank: boolean;
}

import { CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';
import { isJsonObject } from '../../core/json-object';

/**
 * What can be imported into an entity: its writable fields (not JSON), `id` for matching, and
 * the custom fields the caller's role can see (`customFilters` are the list engine's `cf_*`
 * fields for that caller, which carry the same kinds the write path validates).
 */
export function importTargets(entity: EntityDef, customFilters: Record<string, FilterField>): Map<string, ImportTarget> {
  const out = new Map<string, ImportTarget>();
  out.set('id', { name: 'id', label: 'ID', kind: 'text' });
  for (const [name, def] of Object.entries(allFields(entity))) {
    if (def.readOnly || def.kind === 'json') continue;
    out.set(name, { name, label: def.label, kind: def.kind, options: def.options });
  }
  for (const [key, field] of Object.entries(customFilters)) {
    if (!key.startsWith(FILTER_PREFIX)) continue;
    const name = `${CUSTOM_FIELD_PREFIX}${key.slice(FILTER_PREFIX.length)}`;
    out.set(name, { name, label: field.def.label, kind: field.def.kind, options: field.def.options });
  }
  return out;
}

/** Columns named like a field (name, label, or a custom field's bare name; any case) map to it. */
export function autoMapping(columns: readonly string[], targets: Map<string, ImportTarget>, matchOn: MatchOn): Record<string, string> {
  const byKey = new Map<string, string>();
  for (const t of [...targets.values()].reverse()) {
    byKey.set(t.label.toLowerCase(), t.name);
    if (t.name.startsWith(CUSTOM_FIELD_PREFIX)) byKey.set(t.name.slice(CUSTOM_FIELD_PREFIX.length).toLowerCase(), t.name);
  }
  for (const t of targets.values()) byKey.set(t.name.toLowerCase(), t.name);
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const column of columns) {
    if (column === '') continue;
    const field = byKey.get(column.toLowerCase()) ?? byKey.get(column.toLowerCase().replace(/\s+/g, '_'));
    // An exported file carries `id`; it only means something when rows are matched on it.
    const usable = field && !used.has(field) && (field !== 'id' || matchOn === 'id');
    mapping[column] = usable ? field : '';
    if (usable) used.add(field);
  }
  return mapping;
}

/** Checks a client's mapping against the file's columns and the entity's fields; a 400 on `mapping` names each problem. */
export function checkMapping(mapping: unknown, columns: readonly string[], targets: Map<string, ImportTarget>, entity: EntityDef): Record<string, string> {
  if (!isJsonObject(mapping)) {
    throw validationError({ mapping: ['Expected an object: CSV column -> field name ("" to skip the column).'] });
  }
  const problems: string[] = [];
  const known = new Set(columns);
  const used = new Map<string, string>();
  const out: Record<string, string> = {};
  for (const [column, field] of Object.entries(mapping)) {
    if (!known.has(column)) problems.push(`Column "${column}" is not in the file's header row.`);
    if (typeof field !== 'string') {
      problems.push(`Column "${column}": expected a field name or "".`);
      continue;
    }
    if (field === '') {
      out[column] = '';
      continue;
    }
    if (!targets.has(field)) {
      const readOnly = allFields(entity)[field]?.readOnly;
      problems.push(
        readOnly
          ? `Field "${field}" (column "${column}") is set by the server and cannot be imported.`
          : `Unknown field "${field}" for ${entity.name} (column "${column}").`,
      );
      continue;
    }
    const clash = used.get(field);
    if (clash) problems.push(`Columns "${clash}" and "${column}" both map to "${field}".`);
    used.set(field, column);
    out[column] = field;
  }
  if (problems.length) throw validationError({ mapping: problems });
  for (const column of columns) if (column !== '' && !(column in out)) out[column] = '';
  return out;
}

/** The match key must be a mapped column the entity has. */
export function checkMatchOn(matchOn: unknown, mapping: Record<string, string>, entity: EntityDef): MatchOn {
  const errors: FieldErrors = {};
  if (matchOn === undefined || matchOn === null) return null;
  if (matchOn !== 'email' && matchOn !== 'id') errors.match_on = ['One of: "email", "id", or null.'];
  else if (matchOn === 'email' && !allFields(entity).email) errors.match_on = [`A ${entity.name} has no email to match on; match on id.`];
  else if (!Object.values(mapping).includes(matchOn)) errors.match_on = [`Map a column to "${matchOn}" to match on it.`];
  if (Object.keys(errors).length) throw validationError(errors);
  return matchOn as MatchOn;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * A cell as the API would take it. Empty cells are left out: a create gets the field's default,
 * an update keeps the current value (a CSV cannot tell "empty" from "not given").
 */
function cellValue(target: ImportTarget, raw: string): unknown {
  const cell = raw.trim();
  if (cell === '') return undefined;
  switch (target.kind) {
    case 'tags':
      return cell
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    case 'bool': {
      const key = cell.toLowerCase();
      return TRUE.has(key) ? true : FALSE.has(key) ? false : cell;
    }
    case 'enum': {
      if (target.options?.includes(cell)) return cell;
      const folded = cell.toLowerCase().replace(/[\s-]+/g, '_');
      return target.options?.find((o) => o.toLowerCase() === folded) ?? cell;
    }
    default:
      return cell;
  }
}

/** Turns rows into record bodies with the mapping; built once per import. */
export class RowReader {
  private readonly mapped: MappedColumn[];

  constructor(columns: readonly string[], mapping: Record<string, string>, targets: Map<string, ImportTarget>) {
    this.mapped = columns.flatMap((column, index) => {
      const field = mapping[column];
      return field ? [{ index, target: targets.get(field)! }] : [];
    });
  }

  /** The values a column mapped to `field` holds in these rows, as `read` gives them (strings only). */
  stringsOf(field: string, rows: readonly (readonly string[])[]): string[] {
    const column = this.mapped.find((m) => m.target.name === field);
    if (!column) return [];
    return rows.flatMap((cells) => {
      const value = cellValue(column.target, cells[column.index] ?? '');
      return typeof value === 'string' ? [value] : [];
    });
  }

  read(cells: readonly string[]): PlannedRow {
    const body: Record<string, unknown> = {};
    let custom: Record<string, unknown> | undefined;
    let id: string | null = null;
    let blank = true;
    for (const { index, target } of this.mapped) {
      const value = cellValue(target, cells[index] ?? '');
      if (value === undefined) continue;
      blank = false;
      if (target.name === 'id') id = String(value);
      else if (target.name.startsWith(CUSTOM_FIELD_PREFIX)) (custom ??= {})[target.name.slice(CUSTOM_FIELD_PREFIX.length)] = value;
      else body[target.name] = value;
    }
    if (custom) body.custom_fields = custom;
    const email = typeof body.email === 'string' ? body.email : null;
    return { body, id, email, blank };
  }
}
