export { SyncEngine, type SyncStatus, type SyncState } from './sync-engine';
export { syncHandlers } from './sync-handlers';
export { settingsSecretStore, type SecretStore, type TeamConfig } from './sync-settings';
export { RelayTracking, type TrackingSink } from './relay-tracking';
