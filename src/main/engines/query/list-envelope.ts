import type { ListResult, QueryParams } from './list-query-engine';

export interface ListEnvelope<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

function pageUrl(baseUrl: string, path: string, query: QueryParams, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
}

/** `{count, next, previous, results}` with absolute links, as clients of the original system expect. */
export function listEnvelope<T>(result: ListResult, results: T[], link: { baseUrl: string; path: string; query: QueryParams }): ListEnvelope<T> {
  const last = Math.max(1, Math.ceil(result.count / result.pageSize));
  return {
    count: result.count,
    next: result.page < last ? pageUrl(link.baseUrl, link.path, link.query, result.page + 1) : null,
    previous: result.page > 1 ? pageUrl(link.baseUrl, link.path, link.query, result.page - 1) : null,
    results,
  };
}
