import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { listEnvelope } from '../query';
import type { ConflictsEngine } from './conflicts-engine';

const ctx = (req: HandlerRequest) => ({ actor: requireCaller(req).id, origin: req.origin });

/** Handlers of src/shared/contract/conflict-operations.ts. */
export function conflictHandlers(conflicts: ConflictsEngine): HandlerMap {
  return {
    'conflicts.list': (req) => {
      const page = conflicts.list(req.query);
      return listEnvelope({ count: page.count, page: page.page, pageSize: page.pageSize, rows: [] }, page.results, req);
    },
    'conflicts.retrieve': (req) => conflicts.retrieve(req.params.id),
    'conflicts.restore': (req) => conflicts.restore(req.params.id, ctx(req)),
    'conflicts.dismiss': (req) => conflicts.dismiss(req.params.id, ctx(req)),
  };
}
