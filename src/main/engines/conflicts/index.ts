export { ConflictsEngine } from './conflicts-engine';
export { conflictHandlers } from './conflict-handlers';
