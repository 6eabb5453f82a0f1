import { useQueryClient } from '@tanstack/react-query';
import { invalidateOperations, useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';

import type { SavedView, SavedViewInput } from '../../../shared/contract/data-transfer-types';

export type { SavedView, SavedViewInput };

const NO_VIEWS: SavedView[] = [];

/** The model's saved views (yours and the team's shared ones); each change reads the list again. */
export function useSavedViews(model: string) {
  const api = useApi();
  const client = useQueryClient();
  const { data, error } = useApiQuery('saved_views.list', { query: { model, page_size: 100 } });
  const changed = () => invalidateOperations(client, ['saved_views.list']);

  const create = async (input: SavedViewInput) => {
    const view = await api.call('saved_views.create', { body: input });
    await changed();
    return view;
  };
  const update = async (id: string, input: Partial<SavedViewInput>) => {
    await api.call('saved_views.update', { params: { id }, body: input });
    await changed();
  };
  const remove = async (id: string) => {
    await api.call('saved_views.destroy', { params: { id } });
    await changed();
  };
  return { views: data?.results ?? NO_VIEWS, error: error ?? undefined, create, update, remove };
}
