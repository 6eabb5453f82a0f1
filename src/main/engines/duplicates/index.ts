export { DuplicateFinder, bareDomain, DUPLICATE_MODELS, type DuplicateCandidate, type DuplicateModel, type DuplicateProbe } from './duplicate-finder';
export { duplicateHandlers } from './duplicate-handlers';
