import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';

import type { SavedView, SavedViewInput } from '../../../shared/contract/data-transfer-types';

export type { SavedView, SavedViewInput };

export function useSavedViews(model: string) {
  const api = useApi();
  const [views, setViews] = useState<SavedView[]>([]);
  const [error, setError] = useState<ApiError | undefined>();

  const load = useCallback(() => {
    api
      .call('saved_views.list', { query: { model, page_size: 100 } })
      .then((page) => {
        setViews(page.results);
        setError(undefined);
      })
      .catch((err: unknown) => setError(asApiError(err)));
  }, [api, model]);

  useEffect(load, [load]);

  const create = async (input: SavedViewInput) => {
    const view = await api.call('saved_views.create', { body: input });
    load();
    return view;
  };
  const update = async (id: string, input: Partial<SavedViewInput>) => {
    await api.call('saved_views.update', { params: { id }, body: input });
    load();
  };
  const remove = async (id: string) => {
    await api.call('saved_views.destroy', { params: { id } });
    load();
  };
  return { views, error, create, update, remove };
}
