import { useCallback } from 'react';
import { useApiQuery } from '../../api/use-api-query';

/**
 * A widget's data, read again when its refresh interval runs out and when records change
 * (`/ws/activity/` invalidates every `widgets.data` entry). The server's cache answers
 * re-reads of unaffected widgets cheaply.
 */
export function useWidgetData(widgetId: string, refreshSeconds: number) {
  const { data, error, isPending, refetch } = useApiQuery(
    'widgets.data',
    { params: { id: widgetId } },
    { refetchInterval: Math.max(10, refreshSeconds) * 1000 },
  );
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data, error: error ?? undefined, loading: isPending, reload };
}
