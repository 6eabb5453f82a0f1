import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import type { ApiError } from '../../api/api-error';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError, isAbort } from '../../ui/as-api-error';
import type { WidgetData } from './dashboard-types';

const RECORD_ENTITIES = ['lead', 'contact', 'company', 'opportunity', 'task', 'activity', 'user'];

/**
 * A widget's data, read again when its refresh interval runs out and when records change
 * (`/ws/activity/`). The server's cache answers re-reads of unaffected widgets cheaply.
 */
export function useWidgetData(widgetId: string, refreshSeconds: number) {
  const api = useApi();
  const [state, setState] = useState<{ data?: WidgetData; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    api
      .call('widgets.data', { params: { id: widgetId }, signal: controller.signal })
      .then((data) => setState({ data, loading: false }))
      .catch((err) => {
        if (!isAbort(err) && !controller.signal.aborted) setState((s) => ({ data: s.data, error: asApiError(err), loading: false }));
      });
    return () => controller.abort();
  }, [api, widgetId, tick]);

  useEffect(() => {
    const timer = window.setInterval(reload, Math.max(10, refreshSeconds) * 1000);
    return () => window.clearInterval(timer);
  }, [refreshSeconds, reload]);

  useEntityChanges(RECORD_ENTITIES, reload);
  return { ...state, reload };
}
