import { requireCaller, type HandlerMap } from '../../core/handler';
import type { ListPreferencesEngine } from './list-preferences-engine';

export function preferenceHandlers(engine: ListPreferencesEngine): HandlerMap {
  return {
    'preferences.list_columns': (req) => engine.get(requireCaller(req), req.params.entity),
    'preferences.set_list_columns': (req) => engine.put(requireCaller(req), req.params.entity, req.body, req.origin),
  };
}
