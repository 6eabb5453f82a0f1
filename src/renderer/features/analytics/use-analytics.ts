import { useCallback } from 'react';
import type { OperationId, ResponseOf } from '../../../shared/contract/signatures';
import type { Query } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';

type AnalyticsOperation = Extract<OperationId, `analytics.${string}`>;

/**
 * One analytics request through the cache: its answer, its error, and the URL a script would
 * call for the same figures (shown under each chart, as the lists show theirs).
 */
export function useAnalytics<Id extends AnalyticsOperation>(id: Id, query: Query) {
  const api = useApi();
  const { data, error, isFetching, refetch } = useApiQuery<AnalyticsOperation>(id, { query });
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: data as ResponseOf<Id> | undefined,
    error: error ?? undefined,
    loading: isFetching,
    reload,
    url: api.urlOf(id as AnalyticsOperation, { query }),
  };
}
