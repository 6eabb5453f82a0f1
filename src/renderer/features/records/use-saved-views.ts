import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../api/api-client';
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
      .get<Page<SavedView>>('/saved-views/', { query: { model, page_size: 100 } })
      .then((page) => {
        setViews(page.results);
        setError(undefined);
      })
      .catch((err: unknown) => setError(asApiError(err)));
  }, [api, model]);

  useEffect(load, [load]);

  const create = async (input: SavedViewInput) => {
    const view = await api.request<SavedView>('POST', '/saved-views/', { body: input });
    load();
    return view;
  };
  const update = async (id: string, input: Partial<SavedViewInput>) => {
    await api.request('PATCH', `/saved-views/${id}/`, { body: input });
    load();
  };
  const remove = async (id: string) => {
    await api.request('DELETE', `/saved-views/${id}/`);
    load();
  };
  return { views, error, create, update, remove };
}
