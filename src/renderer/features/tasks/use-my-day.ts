import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Page } from '../../../shared/contract/api-types';
import { apiQueryKey } from '../../api/query-keys';
import { useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import type { ApiRecord } from '../records/record-title';

export function endOfToday(): Date {
  const d = new Date();
  d.setHours(23, 59, 59, 999);
  return d;
}

export function startOfToday(): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

/** How far ahead My day looks for upcoming tasks. */
export const UPCOMING_DAYS = 7;

export function endOfUpcoming(): Date {
  const d = endOfToday();
  d.setDate(d.getDate() + UPCOMING_DAYS);
  return d;
}

/** The signed-in user's open tasks due by the end of the coming week, oldest first. */
export function useMyDay(userId: string) {
  const api = useApi();
  const client = useQueryClient();
  // The window is fixed when the screen opens, so the cache key stays the same while it is shown.
  const [horizon] = useState(() => endOfUpcoming().toISOString());
  const query = { assigned_to: userId, status__in: 'pending,in_progress', due_date__lte: horizon, ordering: 'due_date', page_size: 100 };
  const key = apiQueryKey('tasks.list', undefined, query);
  // Read again when a task changes anywhere (the cache's invalidation from /ws/activity/).
  const { data, error, refetch } = useApiQuery('tasks.list', { query });
  const reload = useCallback(() => void refetch(), [refetch]);

  const complete = async (id: string) => {
    // Gone from the list at once; back if the completion is refused.
    client.setQueryData(
      key,
      (page: Page<ApiRecord> | undefined) => page && { ...page, count: page.count - 1, results: page.results.filter((t) => t.id !== id) },
    );
    try {
      await api.call('tasks.complete', { params: { id } });
    } catch (err) {
      reload();
      throw err;
    }
  };
  /** Undoes a completion: the task is open again with the status it had. */
  const reopen = async (id: string, status: string) => {
    await api.call('tasks.update', { params: { id }, body: { status } });
    reload();
  };
  const reschedule = async (id: string, due: string | null) => {
    await api.call('tasks.update', { params: { id }, body: { due_date: due } });
    reload();
  };
  return { tasks: data?.results, count: data?.count ?? 0, error: error ?? undefined, reload, complete, reopen, reschedule };
}
