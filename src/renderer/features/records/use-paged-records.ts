import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { recordOp } from '../../../shared/contract/signatures';
import type { Query } from '../../api/api-client';
import type { ApiError } from '../../api/api-error';
import { apiQueryKey } from '../../api/query-keys';
import { apiQueryOptions } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { PAGE_SIZE } from './list-query';
import type { ResourceName } from './record-resources';
import type { ApiRecord } from './record-title';

export interface PagedRecords {
  /** Total from the API's `count`; undefined until the first page arrives. */
  count: number | undefined;
  row: (index: number) => ApiRecord | undefined;
  /** Asks for the pages covering rows [first, last]; cheap to call on every scroll. */
  ensureRange: (first: number, last: number) => void;
  loadedRecords: () => ApiRecord[];
  loading: boolean;
  error: ApiError | undefined;
  /** Refetches the pages already loaded, keeping them on screen meanwhile. */
  refresh: () => void;
}

/**
 * Rows of a list in pages of 100, fetched as the user scrolls to them: a 100k-row list
 * costs the pages someone looked at. Each page is one cache entry (`<resource>.list` with its
 * page number), so a record change reported on `/ws/activity/` refreshes the pages on screen.
 */
export function usePagedRecords(resource: ResourceName, query: Query): PagedRecords {
  const api = useApi();
  const client = useQueryClient();
  const key = JSON.stringify(query);
  const [wanted, setWanted] = useState<{ key: string; pages: number[] }>({ key, pages: [1] });
  // A new query starts again from its first page.
  const pages = wanted.key === key ? wanted.pages : [1];
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  const id = recordOp(resource, 'list');
  const results = useQueries({
    queries: pages.map((page) => apiQueryOptions(api, id, { query: { ...(JSON.parse(key) as Query), page, page_size: PAGE_SIZE } })),
  });

  const ensureRange = useCallback(
    (first: number, last: number) => {
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE) + 1;
      const to = Math.floor(Math.max(0, last) / PAGE_SIZE) + 1;
      const missing = [];
      for (let p = from; p <= to; p += 1) if (!pagesRef.current.includes(p)) missing.push(p);
      if (missing.length > 0) setWanted({ key, pages: [...pagesRef.current, ...missing] });
    },
    [key],
  );

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: apiQueryKey(id).slice(0, 1) });
  }, [client, id]);

  const byPage = new Map(pages.map((page, i) => [page, results[i]]));
  const row = (index: number) => byPage.get(Math.floor(index / PAGE_SIZE) + 1)?.data?.results[index % PAGE_SIZE];
  const loadedRecords = () => [...byPage.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, result]) => result?.data?.results ?? []);
  const count = results.find((r) => r.data)?.data?.count;
  const loading = results.some((r) => r.isFetching);
  const error = results.find((r) => r.error)?.error ?? undefined;
  return { count, row, ensureRange, loadedRecords, loading, error, refresh };
}
