import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import type { ApiError } from '../../api/api-error';
import { asApiError, isAbort } from '../../ui/as-api-error';
import type { Dashboard, Placement } from './dashboard-types';

/** The user's default dashboard, with the edits the screen makes saved through the API. */
export function useDefaultDashboard() {
  const api = useApi();
  const [dashboard, setDashboard] = useState<Dashboard>();
  const [error, setError] = useState<ApiError>();
  const [saveError, setSaveError] = useState<ApiError>();
  const saving = useRef(Promise.resolve());

  const load = useCallback(
    (signal?: AbortSignal) => {
      setError(undefined);
      api
        .call('dashboards.default', { signal })
        .then(setDashboard)
        .catch((e) => {
          if (!isAbort(e)) setError(asApiError(e));
        });
    },
    [api],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  /** Saves in order: a quick drag then a resize must not arrive reversed. */
  const run = useCallback((step: () => Promise<Dashboard | void>) => {
    saving.current = saving.current.then(async () => {
      try {
        setSaveError(undefined);
        const next = await step();
        if (next) setDashboard(next);
      } catch (e) {
        setSaveError(asApiError(e));
      }
    });
    return saving.current;
  }, []);

  const saveLayout = useCallback(
    (layout: Placement[]) => {
      if (!dashboard) return;
      // Keep the new positions locally without re-rendering the grid gridstack already moved.
      dashboard.widgets.forEach((w) => Object.assign(w, layout.find((l) => l.widget_id === w.widget_id) ?? {}));
      void run(async () => {
        await api.call('dashboards.update', { params: { id: dashboard.id }, body: { layout } });
      });
    },
    [api, dashboard, run],
  );

  const removeWidget = useCallback(
    (widgetId: string) => {
      if (!dashboard) return;
      setDashboard({ ...dashboard, widgets: dashboard.widgets.filter((w) => w.widget_id !== widgetId) });
      void run(() => api.call('dashboards.remove_widget', { params: { id: dashboard.id }, body: { widget_id: widgetId } }));
    },
    [api, dashboard, run],
  );

  const added = useCallback((next: Dashboard) => setDashboard(next), []);

  return { dashboard, error, saveError, reload: () => load(), saveLayout, removeWidget, added, waitForSaves: () => saving.current };
}
