import type { Query } from '../../api/api-client';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** What a list view shows; maps 1:1 onto the API's list parameters. */
export interface ListState {
  search: string;
  ordering: string;
  page: number;
  pageSize: number;
}

function positiveInt(raw: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

export function listStateFromParams(params: URLSearchParams, defaultOrdering: string): ListState {
  return {
    search: params.get('search') ?? '',
    ordering: params.get('ordering') ?? defaultOrdering,
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('page_size'), DEFAULT_PAGE_SIZE, 100),
  };
}

/** Hash parameters: defaults are left out so plain views keep short URLs. */
export function listStateToParams(state: ListState, defaultOrdering: string): Record<string, string | number | undefined> {
  return {
    search: state.search || undefined,
    ordering: state.ordering === defaultOrdering ? undefined : state.ordering,
    page: state.page > 1 ? state.page : undefined,
    page_size: state.pageSize === DEFAULT_PAGE_SIZE ? undefined : state.pageSize,
  };
}

export function listStateToQuery(state: ListState): Query {
  return {
    search: state.search.trim() || undefined,
    ordering: state.ordering || undefined,
    page: state.page,
    page_size: state.pageSize,
  };
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

export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
