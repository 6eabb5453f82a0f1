import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { preferredColumns, rememberColumns } from './column-preferences';

/**
 * The signed-in person's column choice for a list, kept by the API (synced with their other
 * devices). The copy kept on this computer paints the first frame; the API's answer replaces
 * it as soon as it comes. `undefined`: no choice (the list's defaults).
 */
export interface ColumnPreference {
  columns: string[] | undefined;
  /** Widths (px) of the columns the person resized. */
  widths: Record<string, number>;
  /** Keeps a choice; without `widths`, the widths kept for these columns stay. */
  save: (columns: string[], widths?: Record<string, number>) => Promise<void>;
}

export function useColumnPreference(entity: string): ColumnPreference {
  const api = useApi();
  const userId = api.currentSession?.user.id;
  const [columns, setColumns] = useState<string[] | undefined>(() => preferredColumns(userId, entity));
  const [widths, setWidths] = useState<Record<string, number>>({});

  useEffect(() => {
    setColumns(preferredColumns(userId, entity));
    let live = true;
    api
      .call('preferences.list_columns', { params: { entity } })
      .then((view) => {
        if (!live) return;
        setColumns(view.columns ?? undefined);
        setWidths(view.widths);
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
    async (next: string[], nextWidths?: Record<string, number>) => {
      const kept = Object.fromEntries(Object.entries(nextWidths ?? widths).filter(([c]) => next.includes(c)));
      setColumns(next);
      setWidths(kept);
      rememberColumns(userId, entity, next);
      const view = await api.call('preferences.set_list_columns', { params: { entity }, body: { columns: next, widths: kept } });
      setColumns(view.columns ?? undefined);
      setWidths(view.widths);
    },
    [api, userId, entity, widths],
  );
  return { columns, widths, save };
}
