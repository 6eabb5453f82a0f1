import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { recordOp } from '../../../shared/contract/signatures';
import { apiQueryKey } from '../../api/query-keys';
import { apiQueryOptions } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { DELETED_FILTER } from '../records/list-query';
import type { ResourceDef } from '../records/record-resources';
import type { ApiRecord } from '../records/record-title';

/** One record, read again when the activity socket reports a change to it (the cache's invalidation). */
export function useRecord(resource: ResourceDef, id: string) {
  const api = useApi();
  const client = useQueryClient();
  const retrieve = apiQueryOptions(api, recordOp(resource.name, 'retrieve'), { params: { id } });
  const {
    data: record,
    error,
    refetch,
  } = useQuery({
    queryKey: retrieve.queryKey,
    queryFn: async ({ signal }): Promise<ApiRecord> => {
      try {
        return await retrieve.queryFn({ signal });
      } catch (err) {
        // A deleted record is not served by id, but the list still finds it (to show it read-only with Restore).
        if (asApiError(err).status !== 404) throw err;
        const page = await api.call(recordOp(resource.name, 'list'), { query: { id, [DELETED_FILTER]: 'false' }, signal });
        const found = page.results.find((r) => r.id === id);
        if (!found) throw err;
        return found;
      }
    },
  });
  const reload = useCallback(() => void refetch(), [refetch]);
  const setRecord = useCallback(
    (saved: ApiRecord) => client.setQueryData(apiQueryKey(recordOp(resource.name, 'retrieve'), { id }), saved),
    [client, resource.name, id],
  );
  return { record, error: error ?? undefined, reload, setRecord };
}
