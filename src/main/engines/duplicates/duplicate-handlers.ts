import { requireCaller, type HandlerMap } from '../../core/handler';
import type { RecordsEngine } from '../records';
import { checkProbe, type DuplicateFinder } from './duplicate-finder';
import { checkMergeBody, type RecordMerger } from './record-merger';
import { withBody } from '../../core/typed-handler';
import { MERGE_BODY } from '../../../shared/contract/duplicate-operations';

/** Merges go through the write path's group commit, like every single-record write. */
export function duplicateHandlers(finder: DuplicateFinder, merger: RecordMerger, records: RecordsEngine): HandlerMap {
  return {
    'duplicates.find': (req) => {
      const { model, probe, exclude } = checkProbe(req.query);
      return { results: finder.find(model, probe, requireCaller(req), exclude) };
    },
    'duplicates.merge': withBody(MERGE_BODY, (req) => {
      const request = checkMergeBody(req.body);
      const ctx = { actor: requireCaller(req).id, origin: req.origin };
      return records.batched(() => merger.merge(request, ctx));
    }),
    'duplicates.undo_merge': (req) => {
      const ctx = { actor: requireCaller(req).id, origin: req.origin };
      return records.batched(() => merger.undo(req.params.id, ctx));
    },
  };
}
