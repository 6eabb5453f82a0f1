import type { FieldDef, FieldKind } from '../../../shared/entities/field-def';
import type { ResourceDef } from './record-resources';

export interface Lookup {
  /** Suffix after `__`; empty for an exact match. */
  suffix: string;
  label: string;
}

const TEXT: Lookup[] = [
  { suffix: 'icontains', label: 'contains' },
  { suffix: '', label: 'is' },
  { suffix: 'istartswith', label: 'starts with' },
  { suffix: 'isnull', label: 'is empty' },
];
const NUMBER: Lookup[] = [
  { suffix: '', label: '=' },
  { suffix: 'gte', label: '≥' },
  { suffix: 'lte', label: '≤' },
  { suffix: 'gt', label: '>' },
  { suffix: 'lt', label: '<' },
  { suffix: 'isnull', label: 'is empty' },
];
const DATE: Lookup[] = [
  { suffix: 'gte', label: 'on or after' },
  { suffix: 'lte', label: 'on or before' },
  { suffix: '', label: 'on' },
  { suffix: 'isnull', label: 'is empty' },
];
const CHOICE: Lookup[] = [
  { suffix: '', label: 'is' },
  { suffix: 'in', label: 'is any of' },
  { suffix: 'isnull', label: 'is empty' },
];
const REF: Lookup[] = [
  { suffix: '', label: 'is' },
  { suffix: 'isnull', label: 'is empty' },
];

export function lookupsFor(kind: FieldKind): Lookup[] {
  switch (kind) {
    case 'int':
    case 'decimal':
      return NUMBER;
    case 'date':
    case 'datetime':
      return DATE;
    case 'enum':
      return CHOICE;
    case 'ref':
      return REF;
    case 'bool':
      return [{ suffix: '', label: 'is' }];
    case 'tags':
      return [
        { suffix: '', label: 'has any of' },
        { suffix: 'all', label: 'has all of' },
      ];
    default:
      return TEXT;
  }
}

const ALL_SUFFIXES = new Set([
  'icontains',
  'contains',
  'exact',
  'iexact',
  'istartswith',
  'startswith',
  'endswith',
  'iendswith',
  'gte',
  'lte',
  'gt',
  'lt',
  'in',
  'range',
  'isnull',
  'all',
]);

/** Splits an API parameter into field and lookup: `amount__gte` -> amount, gte. */
export function parseFilterKey(key: string): { field: string; suffix: string } {
  const at = key.lastIndexOf('__');
  if (at > 0 && ALL_SUFFIXES.has(key.slice(at + 2))) return { field: key.slice(0, at), suffix: key.slice(at + 2) };
  return { field: key, suffix: '' };
}

export function filterKey(field: string, suffix: string): string {
  return suffix ? `${field}__${suffix}` : field;
}

/** A filter as a sentence fragment: `Status is qualified`, `Amount ≥ 50000`. */
export function describeFilter(resource: ResourceDef, key: string, value: string): { field: string; op: string; value: string } {
  const { field, suffix } = parseFilterKey(key);
  const def = filterFieldDef(resource, field);
  const label = def?.label ?? field.replace(/_/g, ' ');
  if (suffix === 'isnull') return { field: label, op: value === 'true' ? 'is empty' : 'is not empty', value: '' };
  const op = lookupsFor(def?.kind ?? 'text').find((l) => l.suffix === suffix)?.label ?? suffix ?? 'is';
  const labels = def?.optionLabels;
  const shown = labels
    ? value
        .split(',')
        .map((v) => labels[v] ?? v)
        .join(', ')
    : value.replace(/_/g, ' ');
  return { field: label, op: op || 'is', value: shown };
}

/** The definition behind a filter's field: a built-in field or a custom one (`cf_<name>`). */
export function filterFieldDef(resource: ResourceDef, field: string): FieldDef | undefined {
  return resource.customFilters?.[field] ?? resource.fields[field.split('__')[0] ?? field];
}

/**
 * Fields a filter can use: every built-in field but JSON blobs and the deleted flag (its own
 * toggle), then the filterable custom fields (columns named `custom_fields.<name>` are not filters).
 */
export function filterableFields(resource: ResourceDef): string[] {
  return [
    ...Object.entries(resource.fields)
      .filter(([name, def]) => def.kind !== 'json' && name !== 'deleted_at' && !name.startsWith('custom_fields.'))
      .map(([name]) => name),
    ...Object.keys(resource.customFilters ?? {}),
  ];
}
