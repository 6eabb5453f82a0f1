import type { JsonSchema, Operation } from './operation';
import { listEnvelope, PAGING_QUERY } from './record-schemas';
import { NOTIFICATION_TYPES } from './realtime-messages';

const USER_BRIEF: JsonSchema = {
  type: 'object',
  nullable: true,
  properties: { id: { type: 'string' }, username: { type: 'string' }, email: { type: 'string' }, full_name: { type: 'string' } },
};

export const NOTIFICATION_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    seq: { type: 'integer', description: "Position in the recipient's sequence; the WebSocket resumes from it." },
    type: { type: 'string', enum: [...NOTIFICATION_TYPES] },
    title: { type: 'string' },
    message: { type: 'string' },
    url: { type: 'string', nullable: true, description: "The record's page in the app, e.g. /leads/<id>" },
    entity: { type: 'string', nullable: true },
    record_id: { type: 'string', nullable: true },
    actor: USER_BRIEF,
    created_at: { type: 'string', format: 'date-time' },
    is_read: { type: 'boolean' },
    read_at: { type: 'string', format: 'date-time', nullable: true },
  },
};

const CHANNEL_PREFS: JsonSchema = {
  type: 'object',
  properties: {
    in_app: { type: 'boolean', description: 'Store and show it in the app' },
    desktop: { type: 'boolean', description: 'Also raise an OS notification' },
  },
};

export const PREFERENCES_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    types: { type: 'object', properties: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, CHANNEL_PREFS])) },
    quiet_hours: {
      type: 'object',
      description: "No desktop notifications between start and end, in the user's time zone (in-app ones are still stored).",
      properties: {
        enabled: { type: 'boolean' },
        start: { type: 'string', pattern: '^\\d{2}:\\d{2}$', example: '22:00' },
        end: { type: 'string', pattern: '^\\d{2}:\\d{2}$', example: '07:00' },
      },
    },
  },
};

const UNREAD: JsonSchema = { type: 'object', properties: { unread_count: { type: 'integer' } } };
const tag = 'Notifications';
const base = '/api/v1/notifications/';

/** Each user sees, reads and deletes only their own notifications. */
export const notificationOperations: Operation[] = [
  {
    id: 'notifications.list',
    method: 'GET',
    path: base,
    summary: 'Your notifications, newest first',
    tag,
    access: 'self',
    query: [
      { name: 'is_read', description: 'true or false', schema: { type: 'boolean' } },
      { name: 'type', description: `One type or a comma-separated list: ${NOTIFICATION_TYPES.join(', ')}` },
      ...PAGING_QUERY,
    ],
    response: listEnvelope(NOTIFICATION_SCHEMA),
  },
  {
    id: 'notifications.unread_count',
    method: 'GET',
    path: `${base}unread_count/`,
    summary: 'How many of your notifications are unread',
    tag,
    access: 'self',
    response: UNREAD,
  },
  {
    id: 'notifications.mark_all_read',
    method: 'POST',
    path: `${base}mark_all_read/`,
    summary: 'Mark all your notifications read',
    tag,
    access: 'self',
    response: { type: 'object', properties: { marked: { type: 'integer' }, unread_count: { type: 'integer' } } },
  },
  {
    id: 'notifications.preferences',
    method: 'GET',
    path: `${base}preferences/`,
    summary: 'Your notification preferences (per type: in-app, desktop; quiet hours)',
    tag,
    access: 'self',
    response: PREFERENCES_SCHEMA,
  },
  {
    id: 'notifications.update_preferences',
    method: 'PUT',
    path: `${base}preferences/`,
    summary: 'Replace your notification preferences; types left out keep their defaults',
    tag,
    access: 'self',
    requestBody: PREFERENCES_SCHEMA,
    response: PREFERENCES_SCHEMA,
  },
  {
    id: 'notifications.retrieve',
    method: 'GET',
    path: `${base}{id}/`,
    summary: 'One of your notifications',
    tag,
    access: 'self',
    response: NOTIFICATION_SCHEMA,
  },
  {
    id: 'notifications.mark_read',
    method: 'POST',
    path: `${base}{id}/mark_read/`,
    summary: 'Mark one of your notifications read',
    tag,
    access: 'self',
    response: NOTIFICATION_SCHEMA,
  },
  { id: 'notifications.destroy', method: 'DELETE', path: `${base}{id}/`, summary: 'Delete one of your notifications', tag, access: 'self', status: 204 },
];
