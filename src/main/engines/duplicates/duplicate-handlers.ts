import { requireCaller, type HandlerMap } from '../../core/handler';
import { checkProbe, type DuplicateFinder } from './duplicate-finder';

export function duplicateHandlers(finder: DuplicateFinder): HandlerMap {
  return {
    'duplicates.find': (req) => {
      const { model, probe, exclude } = checkProbe(req.query);
      return { results: finder.find(model, probe, requireCaller(req), exclude) };
    },
  };
}
