import { useCallback, useEffect, useState } from 'react';
import type { Query } from '../../api/api-client';
import type { OperationId, ResponseOf } from '../../../shared/contract/signatures';

type AnalyticsOperation = Extract<OperationId, `analytics.${string}`>;
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import type { ApiError } from '../../api/api-error';

/**
 * One analytics request: its answer, its error, and the URL a script would call for the same
 * figures (shown under each chart, as the lists show theirs).
 */
export function useAnalytics<Id extends AnalyticsOperation>(id: Id, query: Query) {
  const api = useApi();
  const [data, setData] = useState<ResponseOf<Id> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(query);

  const load = useCallback(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api.call(id as AnalyticsOperation, { query: JSON.parse(key) as Query, signal: controller.signal }).then(
      (answer) => {
        setData(answer as ResponseOf<Id>);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, id, key]);

  useEffect(() => load(), [load]);

  return { data, error, loading, reload: load, url: api.urlOf(id as AnalyticsOperation, { query: JSON.parse(key) as Query }) };
}
