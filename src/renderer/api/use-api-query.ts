import { useMutation, useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { CallInput, OperationId, ResponseOf } from '../../shared/contract/signatures';
import { useApi } from '../app/api-context';
import { asApiError, isAbort } from '../ui/as-api-error';
import type { ApiClient } from './api-client';
import type { ApiError } from './api-error';
import { apiQueryKey } from './query-keys';

export type ReadInput<Id extends OperationId> = Omit<CallInput<Id>, 'signal' | 'body'>;
type QueryOptions<Id extends OperationId, T> = Omit<UseQueryOptions<ResponseOf<Id>, ApiError, T>, 'queryKey' | 'queryFn'>;

/** The cache entry of one read: its key and how to fetch it (also for `useQueries`). */
export function apiQueryOptions<Id extends OperationId>(api: ApiClient, id: Id, input: ReadInput<Id>) {
  const { params, query } = input as { params?: Record<string, string>; query?: object };
  return {
    queryKey: apiQueryKey(id, params, query),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<ResponseOf<Id>> => {
      try {
        return await api.callWith(id, { ...input, signal } as CallInput<Id>);
      } catch (err) {
        throw isAbort(err) ? err : asApiError(err);
      }
    },
  };
}

/**
 * A read through the cache: keyed by operation id, path parameters and query, refetched when
 * `/ws/activity/` reports a change to what it shows (realtime/use-query-invalidation.ts).
 */
export function useApiQuery<Id extends OperationId, T = ResponseOf<Id>>(id: Id, input: ReadInput<Id>, options: QueryOptions<Id, T> = {}) {
  const api = useApi();
  return useQuery<ResponseOf<Id>, ApiError, T>({ ...options, ...apiQueryOptions(api, id, input) });
}

/** Query-key prefixes a mutation leaves out of date: every cached answer of these operations. */
export type Invalidates = readonly OperationId[];

/**
 * A write; once it succeeds, the answers of the operations it changes are read again (lists,
 * the record itself). Changes made elsewhere arrive through `/ws/activity/` instead.
 */
export function useApiMutation<Id extends OperationId, V = CallInput<Id>>(id: Id, invalidates: Invalidates, toInput?: (variables: V) => CallInput<Id>) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation<ResponseOf<Id>, ApiError, V>({
    mutationFn: async (variables) => {
      const input = toInput ? toInput(variables) : (variables as unknown as CallInput<Id>);
      try {
        return await api.callWith(id, input);
      } catch (err) {
        throw asApiError(err);
      }
    },
    onSuccess: () => invalidateOperations(client, invalidates),
  });
}

export function invalidateOperations(client: ReturnType<typeof useQueryClient>, ids: Invalidates): Promise<void> {
  const wanted = new Set<string>(ids);
  return client.invalidateQueries({ predicate: (q: { queryKey: QueryKey }) => wanted.has(String(q.queryKey[0])) });
}
