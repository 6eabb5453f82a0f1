import type { Query } from '../../api/api-client';
import type { HashParams } from '../../app/hash-route';
import type { ResourceDef } from './record-resources';
import { isCustomColumn } from './custom-columns';

/** Hash keys that are not API filters. */
const VIEW_KEYS = new Set(['search', 'ordering', 'columns', 'page', 'page_size']);
export const DELETED_FILTER = 'deleted_at__isnull';
export const PAGE_SIZE = 100;

export interface Filter {
  /** The API parameter: `status`, `amount__gte`. */
  key: string;
  value: string;
}

/** What a list view shows; everything but `columns` maps 1:1 onto the list endpoint's query. */
export interface ListState {
  search: string;
  ordering: string;
  filters: Filter[];
  columns: string[];
}

/**
 * A built-in field, or a custom field (`custom_fields.<name>`): custom ones are checked once the
 * model's definitions have loaded, when the list drops those it does not know.
 */
function mayBeColumn(resource: ResourceDef, column: string): boolean {
  return column in resource.fields || isCustomColumn(column);
}

/** `preferred`: the person's own column choice, used when the link names none. */
export function listStateFromParams(params: URLSearchParams, resource: ResourceDef, preferred?: string[]): ListState {
  const filters: Filter[] = [];
  params.forEach((value, key) => {
    if (!VIEW_KEYS.has(key)) filters.push({ key, value });
  });
  const columns = (params.get('columns') ?? '').split(',').filter((c) => mayBeColumn(resource, c));
  return {
    search: params.get('search') ?? '',
    ordering: params.get('ordering') ?? resource.defaultOrdering,
    filters,
    columns: columns.length > 0 ? columns : (preferred?.filter((c) => mayBeColumn(resource, c)) ?? resource.defaultColumns),
  };
}

/** Hash parameters: defaults are left out so plain views keep short URLs. */
export function listStateToParams(state: ListState, resource: ResourceDef): HashParams {
  const out: HashParams = { search: state.search || undefined };
  for (const f of state.filters) out[f.key] = f.value;
  out.ordering = state.ordering === resource.defaultOrdering ? undefined : state.ordering;
  const columns = state.columns.join(',');
  out.columns = columns === resource.defaultColumns.join(',') ? undefined : columns;
  return out;
}

/** The list query without paging: also what saved views store and export sends. */
export function listStateToQuery(state: ListState): Query {
  const query: Query = { search: state.search.trim() || undefined };
  for (const f of state.filters) query[f.key] = f.value;
  query.ordering = state.ordering || undefined;
  return query;
}

export function queryString(query: Query): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  return search.toString();
}

/** A saved view's query string back into view state. */
export function listStateFromSaved(query: string, columns: string[], resource: ResourceDef): ListState {
  const params = new URLSearchParams(query);
  if (columns.length > 0) params.set('columns', columns.join(','));
  return listStateFromParams(params, resource);
}

export function showsDeleted(state: ListState): boolean {
  return state.filters.some((f) => f.key === DELETED_FILTER && f.value === 'false');
}

export type SortDirection = 'asc' | 'desc' | undefined;

export function sortDirection(ordering: string, field: string): SortDirection {
  if (ordering === field) return 'asc';
  if (ordering === `-${field}`) return 'desc';
  return undefined;
}

/** Header clicks cycle ascending -> descending -> back to the default ordering. */
export function nextOrdering(ordering: string, field: string, defaultOrdering: string): string {
  const direction = sortDirection(ordering, field);
  if (direction === undefined) return field;
  if (direction === 'asc') return `-${field}`;
  return defaultOrdering;
}
