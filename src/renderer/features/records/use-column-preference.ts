import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { preferredColumns, rememberColumns } from './column-preferences';

interface ListColumnsView {
  entity: string;
  columns: string[] | null;
  widths: Record<string, number>;
  updated_at: string | null;
}

/**
 * The signed-in person's column choice for a list, kept by the API (synced with their other
 * devices). The copy kept on this computer paints the first frame; the API's answer replaces
 * it as soon as it comes. `undefined`: no choice (the list's defaults).
 */
export function useColumnPreference(entity: string): { columns: string[] | undefined; save: (columns: string[]) => Promise<void> } {
  const api = useApi();
  const userId = api.currentSession?.user.id;
  const [columns, setColumns] = useState<string[] | undefined>(() => preferredColumns(userId, entity));

  useEffect(() => {
    setColumns(preferredColumns(userId, entity));
    let live = true;
    api
      .get<ListColumnsView>(`/preferences/list-columns/${entity}/`)
      .then((view) => {
        if (!live) return;
        setColumns(view.columns ?? undefined);
        rememberColumns(userId, entity, view.columns);
      })
      .catch(() => {
        // Offline API or an old engine: the copy on this computer stands.
      });
    return () => {
      live = false;
    };
  }, [api, userId, entity]);

  const save = useCallback(
    async (next: string[]) => {
      setColumns(next);
      rememberColumns(userId, entity, next);
      const view = await api.request<ListColumnsView>('PUT', `/preferences/list-columns/${entity}/`, { body: { columns: next } });
      setColumns(view.columns ?? undefined);
    },
    [api, userId, entity],
  );
  return { columns, save };
}
