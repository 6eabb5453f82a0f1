export { NotificationsEngine, DEFAULT_SOCKET_LIMITS, type NotificationEvents, type NotificationsEngineDeps } from './notifications-engine';
export { defaultPreferences, inQuietHours, readPreferences, type NotificationPreferences } from './notification-preferences';
export { mentionedNames, importFinishedDraft, type FinishedImport } from './notification-rules';
export { notificationId, type NotificationDraft } from './notification-store';
