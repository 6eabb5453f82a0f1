import { useEffect, useState } from 'react';
import type { Page, Query } from '../../api/api-client';
import { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';

export type ApiRecord = Record<string, unknown> & { id: string };

export interface RecordListResult {
  page: Page<ApiRecord> | undefined;
  loading: boolean;
  error: ApiError | undefined;
}

/** Fetches one page; a newer query aborts the request of the older one. */
export function useRecordList(resource: string, query: Query): RecordListResult {
  const api = useApi();
  const [result, setResult] = useState<RecordListResult>({ page: undefined, loading: true, error: undefined });
  const key = JSON.stringify(query);

  useEffect(() => {
    const controller = new AbortController();
    setResult((r) => ({ ...r, loading: true, error: undefined }));
    api
      .list<ApiRecord>(resource, JSON.parse(key) as Query, controller.signal)
      .then((page) => setResult({ page, loading: false, error: undefined }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, 'internal', String(err));
        setResult((r) => ({ page: r.page, loading: false, error }));
      });
    return () => controller.abort();
  }, [api, resource, key]);

  return result;
}
