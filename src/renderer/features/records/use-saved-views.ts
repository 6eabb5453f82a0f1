import { useApiMutation, useApiQuery } from '../../api/use-api-query';

import type { SavedView, SavedViewInput } from '../../../shared/contract/data-transfer-types';

export type { SavedView, SavedViewInput };

const NO_VIEWS: SavedView[] = [];
/** What a change to a saved view leaves out of date. */
const VIEWS: ['saved_views.list'] = ['saved_views.list'];

/** The model's saved views (yours and the team's shared ones); each change reads the list again. */
export function useSavedViews(model: string) {
  const { data, error } = useApiQuery('saved_views.list', { query: { model, page_size: 100 } });
  const creating = useApiMutation('saved_views.create', VIEWS);
  const updating = useApiMutation('saved_views.update', VIEWS);
  const removing = useApiMutation('saved_views.destroy', VIEWS);

  const create = (input: SavedViewInput) => creating.mutateAsync({ body: input });
  const update = async (id: string, input: Partial<SavedViewInput>) => void (await updating.mutateAsync({ params: { id }, body: input }));
  const remove = async (id: string) => void (await removing.mutateAsync({ params: { id } }));
  return { views: data?.results ?? NO_VIEWS, error: error ?? undefined, create, update, remove };
}
