import { requireCaller, type HandlerRequest } from '../../core/handler';
import type { WriteContext } from './record-change';

/** Who writes and from where, for a write an API request asks for. */
export function writeContext(req: HandlerRequest): WriteContext {
  return { actor: requireCaller(req).id, origin: req.origin };
}
