import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError } from '../../ui/as-api-error';
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
  const [tasks, setTasks] = useState<ApiRecord[] | undefined>();
  const [count, setCount] = useState(0);
  const [error, setError] = useState<ApiError | undefined>();

  const load = useCallback(() => {
    const query = {
      assigned_to: userId,
      status__in: 'pending,in_progress',
      due_date__lte: endOfUpcoming().toISOString(),
      ordering: 'due_date',
      page_size: 100,
    };
    api
      .call('tasks.list', { query })
      .then((page) => {
        setTasks(page.results);
        setCount(page.count);
        setError(undefined);
      })
      .catch((err: unknown) => setError(asApiError(err)));
  }, [api, userId]);

  useEffect(load, [load]);
  useEntityChanges(['task'], load);

  const complete = async (id: string) => {
    setTasks((all) => all?.filter((t) => t.id !== id));
    setCount((c) => c - 1);
    try {
      await api.call('tasks.complete', { params: { id } });
    } catch (err) {
      load();
      throw err;
    }
  };
  /** Undoes a completion: the task is open again with the status it had. */
  const reopen = async (id: string, status: string) => {
    await api.call('tasks.update', { params: { id }, body: { status } });
    load();
  };
  const reschedule = async (id: string, due: string | null) => {
    await api.call('tasks.update', { params: { id }, body: { due_date: due } });
    load();
  };
  return { tasks, count, error, reload: load, complete, reopen, reschedule };
}
