export { SavedViewsEngine, type SavedViewsDeps, type SavedView } from './saved-views-engine';
export { savedViewHandlers } from './saved-view-handlers';
