export { DuplicateFinder, bareDomain, DUPLICATE_MODELS, type DuplicateCandidate, type DuplicateModel, type DuplicateProbe } from './duplicate-finder';
export { RecordMerger } from './record-merger';
export { MergeStore } from './merge-store';
export { duplicateHandlers } from './duplicate-handlers';
