export { ListPreferencesEngine, type ListPreferencesDeps, type ListColumnsView } from './list-preferences-engine';
export { preferenceHandlers } from './preference-handlers';
