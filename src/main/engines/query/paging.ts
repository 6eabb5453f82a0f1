import type { QueryParams } from './list-query-engine';

/** Results per page when the caller names none, and the most a page holds (a larger ask gets this many). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Page {
  page: number;
  pageSize: number;
}

/**
 * `page` and `page_size` of a request whose query string the contract already checked (both
 * positive integers when present, each given once): one reading for every list endpoint.
 */
export function pageOf(query: QueryParams): Page {
  const number = (name: string): number | undefined => {
    const raw = query[name];
    return typeof raw === 'string' && raw !== '' ? Number(raw) : undefined;
  };
  return { page: number('page') ?? 1, pageSize: Math.min(number('page_size') ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}
