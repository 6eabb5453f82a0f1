import { validationError, type FieldErrors } from '../../../shared/errors';
import { SAVED_VIEW_MODELS } from '../../../shared/contract/saved-view-operations';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { listEnvelope, pageOf } from '../query';
import type { SavedViewsEngine } from './saved-views-engine';

function listParams(req: HandlerRequest): { model: string | null; page: number; pageSize: number } {
  const errors: FieldErrors = {};
  const q = req.query;
  const model = q.model === undefined || q.model === '' ? null : q.model;
  if (model !== null && (typeof model !== 'string' || !SAVED_VIEW_MODELS.includes(model))) errors.model = [`One of: ${SAVED_VIEW_MODELS.join(', ')}.`];
  const { page, pageSize } = pageOf(q);
  if (Object.keys(errors).length) throw validationError(errors);
  return { model: model as string | null, page, pageSize };
}

export function savedViewHandlers(engine: SavedViewsEngine): HandlerMap {
  return {
    'saved_views.list': (req) => {
      const { model, page, pageSize } = listParams(req);
      const { count, views } = engine.list(requireCaller(req), model, page, pageSize);
      return listEnvelope({ count, page, pageSize, rows: [] }, views, req);
    },
    'saved_views.create': (req) => engine.create(req.body, requireCaller(req)),
    'saved_views.retrieve': (req) => engine.get(req.params.id, requireCaller(req)),
    'saved_views.update': (req) => engine.update(req.params.id, req.body, requireCaller(req)),
    'saved_views.destroy': (req) => {
      engine.remove(req.params.id, requireCaller(req));
      return undefined;
    },
  };
}
