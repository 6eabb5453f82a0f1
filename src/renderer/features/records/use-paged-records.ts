import { useCallback, useEffect, useRef, useState } from 'react';
import type { Query } from '../../api/api-client';
import { recordOp } from '../../../shared/contract/signatures';
import type { ResourceName } from './record-resources';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError, isAbort } from '../../ui/as-api-error';
import { PAGE_SIZE } from './list-query';
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
 * costs the pages someone looked at. A new query drops the cache and aborts old requests.
 */
export function usePagedRecords(resource: ResourceName, query: Query): PagedRecords {
  const api = useApi();
  const key = JSON.stringify(query);
  const pages = useRef(new Map<number, ApiRecord[]>());
  const inflight = useRef(new Map<number, AbortController>());
  const generation = useRef(0);
  const [count, setCount] = useState<number | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>();
  const [, setVersion] = useState(0);

  const fetchPage = useCallback(
    (page: number, replace = false) => {
      if (inflight.current.has(page) || (!replace && pages.current.has(page))) return;
      const controller = new AbortController();
      const gen = generation.current;
      inflight.current.set(page, controller);
      setLoading(true);
      api
        .call(recordOp(resource, 'list'), { query: { ...(JSON.parse(key) as Query), page, page_size: PAGE_SIZE }, signal: controller.signal })
        .then((result) => {
          if (gen !== generation.current) return;
          pages.current.set(page, result.results);
          setCount(result.count);
          setError(undefined);
        })
        .catch((err: unknown) => {
          if (isAbort(err) || gen !== generation.current) return;
          setError(asApiError(err));
        })
        .finally(() => {
          if (inflight.current.get(page) !== controller) return;
          inflight.current.delete(page);
          if (inflight.current.size === 0) setLoading(false);
          setVersion((v) => v + 1);
        });
    },
    [api, resource, key],
  );

  useEffect(() => {
    generation.current += 1;
    for (const c of inflight.current.values()) c.abort();
    inflight.current.clear();
    pages.current = new Map();
    setCount(undefined);
    setError(undefined);
    fetchPage(1);
  }, [fetchPage]);

  const ensureRange = useCallback(
    (first: number, last: number) => {
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE) + 1;
      const to = Math.floor(Math.max(0, last) / PAGE_SIZE) + 1;
      for (let p = from; p <= to; p += 1) fetchPage(p);
    },
    [fetchPage],
  );

  const refresh = useCallback(() => {
    const loaded = [...pages.current.keys()];
    for (const p of loaded.length > 0 ? loaded : [1]) fetchPage(p, true);
  }, [fetchPage]);

  const row = (index: number) => pages.current.get(Math.floor(index / PAGE_SIZE) + 1)?.[index % PAGE_SIZE];
  const loadedRecords = () => [...pages.current.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows);
  return { count, row, ensureRange, loadedRecords, loading, error, refresh };
}
