import { userEntity } from '../entities/entities';
import type { Operation } from './operation';
import { listEnvelope, recordInputSchema, recordSchema } from './record-schemas';
import { LIST_QUERY_DOCS, RECORD_ENTITIES, recordOperations } from './record-operations';
import { notificationOperations } from './notification-operations';
import { CUSTOM_FIELD_OPERATIONS } from './custom-field-operations';
import { AUDIT_OPERATIONS } from './audit-operations';
import { DATA_TRANSFER_OPERATIONS } from './data-transfer-operations';
import { SAVED_VIEW_OPERATIONS } from './saved-view-operations';
import { DUPLICATE_OPERATIONS } from './duplicate-operations';
import { CONFLICT_OPERATIONS } from './conflict-operations';
import { CAMPAIGN_OPERATIONS } from './campaign-operations';
import { SYNC_OPERATIONS } from './sync-operations';
import { DASHBOARD_OPERATIONS } from './dashboard-operations';
import { ANALYTICS_OPERATIONS } from './analytics-operations';
import { PREFERENCE_OPERATIONS } from './preference-operations';
import { LEAD_CONVERT_BODY } from './lead-convert-body';
import { API_TOKEN_BODY, CHANGE_PASSWORD_BODY, LOGIN_BODY, REFRESH_BODY } from './auth-bodies';

const TOKEN_PAIR = {
  type: 'object',
  properties: { access: { type: 'string' }, refresh: { type: 'string' }, user: recordSchema(userEntity) },
};
const USER_CREATE_BODY = {
  ...recordInputSchema(userEntity, false),
  properties: {
    ...(recordInputSchema(userEntity, false).properties as object),
    password: { type: 'string', minLength: 8, writeOnly: true },
    password_confirm: { type: 'string', writeOnly: true },
  },
};

const authOperations: Operation[] = [
  {
    id: 'auth.token',
    method: 'POST',
    path: '/api/v1/auth/token/',
    summary: 'Sign in: username or email and password to an access and a refresh token',
    tag: 'Auth',
    access: 'public',
    requestBody: LOGIN_BODY,
    response: TOKEN_PAIR,
  },
  {
    id: 'auth.refresh',
    method: 'POST',
    path: '/api/v1/auth/token/refresh/',
    summary: 'Exchange a refresh token for a new pair (rotating; reuse is refused)',
    tag: 'Auth',
    access: 'public',
    requestBody: REFRESH_BODY,
    response: TOKEN_PAIR,
  },
  {
    id: 'auth.login',
    method: 'POST',
    path: '/api/auth/login/',
    summary: 'Alias of /api/v1/auth/token/',
    tag: 'Auth',
    access: 'public',
    requestBody: LOGIN_BODY,
    response: TOKEN_PAIR,
  },
  {
    id: 'auth.login_refresh',
    method: 'POST',
    path: '/api/auth/refresh/',
    summary: 'Alias of /api/v1/auth/token/refresh/',
    tag: 'Auth',
    access: 'public',
    requestBody: REFRESH_BODY,
    response: TOKEN_PAIR,
  },
  {
    id: 'auth.logout',
    method: 'POST',
    path: '/api/v1/auth/logout/',
    summary: 'Revoke a refresh token and its session',
    tag: 'Auth',
    access: 'public',
    status: 204,
    requestBody: REFRESH_BODY,
  },
  {
    id: 'auth.setup_status',
    method: 'GET',
    path: '/api/v1/auth/setup/',
    summary: 'Whether this install still needs its first (owner) account',
    tag: 'Auth',
    access: 'public',
  },
  {
    id: 'auth.setup',
    method: 'POST',
    path: '/api/v1/auth/setup/',
    summary: 'Create the owner (admin) account of a new install and sign in; refused once any user exists',
    tag: 'Auth',
    access: 'public',
    status: 201,
    requestBody: USER_CREATE_BODY,
    response: TOKEN_PAIR,
  },
  { id: 'auth.me', method: 'GET', path: '/api/v1/auth/me/', summary: 'The signed-in user', tag: 'Auth', access: 'read', response: recordSchema(userEntity) },
  {
    id: 'auth.update_me',
    method: 'PATCH',
    path: '/api/v1/auth/me/',
    summary: 'Update your own profile (names, phone, time zone, language, notification preferences)',
    tag: 'Auth',
    access: 'self',
    requestBody: recordInputSchema(userEntity, true),
    response: recordSchema(userEntity),
  },
  {
    id: 'auth.change_password',
    method: 'POST',
    path: '/api/v1/auth/password/',
    summary: 'Change your password (signs out your other sessions)',
    tag: 'Auth',
    access: 'self',
    status: 204,
    requestBody: CHANGE_PASSWORD_BODY,
  },
  {
    id: 'api_tokens.list',
    method: 'GET',
    path: '/api/v1/auth/api-tokens/',
    summary: 'Your personal API tokens (never the secret)',
    tag: 'Auth',
    access: 'self',
  },
  {
    id: 'api_tokens.create',
    method: 'POST',
    path: '/api/v1/auth/api-tokens/',
    summary: 'Create a personal API token for scripts; the token is shown once',
    tag: 'Auth',
    access: 'self',
    status: 201,
    requestBody: API_TOKEN_BODY,
  },
  {
    id: 'api_tokens.revoke',
    method: 'DELETE',
    path: '/api/v1/auth/api-tokens/{id}/',
    summary: 'Revoke one of your API tokens',
    tag: 'Auth',
    access: 'self',
    status: 204,
  },
];

const userOperations: Operation[] = [
  {
    id: 'users.list',
    method: 'GET',
    path: '/api/v1/users/',
    summary: 'Teammates (brief form for non-admins)',
    tag: 'Users',
    access: 'read',
    query: LIST_QUERY_DOCS,
    response: listEnvelope(recordSchema(userEntity)),
  },
  {
    id: 'users.create',
    method: 'POST',
    path: '/api/v1/users/',
    summary: 'Create a user',
    tag: 'Users',
    access: 'admin',
    status: 201,
    requestBody: USER_CREATE_BODY,
    response: recordSchema(userEntity),
  },
  {
    id: 'users.retrieve',
    method: 'GET',
    path: '/api/v1/users/{id}/',
    summary: 'One user (brief form for non-admins)',
    tag: 'Users',
    access: 'read',
    response: recordSchema(userEntity),
  },
  {
    id: 'users.update',
    method: 'PATCH',
    path: '/api/v1/users/{id}/',
    summary: 'Update a user (role, active, password)',
    tag: 'Users',
    access: 'admin',
    requestBody: {
      ...recordInputSchema(userEntity, true),
      properties: { ...(recordInputSchema(userEntity, true).properties as object), password: { type: 'string', minLength: 8, writeOnly: true } },
    },
    response: recordSchema(userEntity),
  },
  { id: 'users.destroy', method: 'DELETE', path: '/api/v1/users/{id}/', summary: 'Deactivate and delete a user', tag: 'Users', access: 'admin', status: 204 },
  {
    id: 'users.restore',
    method: 'POST',
    path: '/api/v1/users/{id}/restore/',
    summary: 'Restore a deleted user',
    tag: 'Users',
    access: 'admin',
    response: recordSchema(userEntity),
  },
];

const actionOperations: Operation[] = [
  {
    id: 'leads.convert',
    method: 'POST',
    path: '/api/v1/leads/{id}/convert/',
    summary: 'Convert a lead into a contact (+ company, + optional opportunity) in one step',
    tag: 'Lead',
    access: 'write',
    requestBody: LEAD_CONVERT_BODY,
  },
  {
    id: 'opportunities.summary',
    method: 'GET',
    path: '/api/v1/opportunities/summary/',
    summary: 'Count, amount and weighted amount of the opportunities a list query selects, per stage or owner, by currency',
    tag: 'Opportunity',
    access: 'read',
    query: [
      { name: 'group_by', description: '`stage` (default) or `owner`' },
      ...LIST_QUERY_DOCS.filter((q) => q.name === 'search' || q.name.startsWith('<field>')),
    ],
  },
  { id: 'tasks.complete', method: 'POST', path: '/api/v1/tasks/{id}/complete/', summary: 'Mark a task completed', tag: 'Task', access: 'write' },
  {
    id: 'tags.list',
    method: 'GET',
    path: '/api/v1/tags/',
    summary: 'Tags in use with their counts',
    tag: 'Tags',
    access: 'read',
    query: [
      { name: 'model', description: 'Only tags of this model (lead, contact, ...)' },
      { name: 'search', description: 'Tags starting with this text' },
    ],
  },
  {
    id: 'system.status',
    method: 'GET',
    path: '/api/v1/system/status/',
    summary: 'Engine status: version, store size, memory, outbox length',
    tag: 'System',
    access: 'read',
  },
];

export const OPERATIONS: readonly Operation[] = [
  ...authOperations,
  ...userOperations,
  ...RECORD_ENTITIES.flatMap(recordOperations),
  ...actionOperations,
  ...notificationOperations,
  ...CUSTOM_FIELD_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...DATA_TRANSFER_OPERATIONS,
  ...SAVED_VIEW_OPERATIONS,
  ...DUPLICATE_OPERATIONS,
  ...CONFLICT_OPERATIONS,
  ...CAMPAIGN_OPERATIONS,
  ...SYNC_OPERATIONS,
  ...DASHBOARD_OPERATIONS,
  ...ANALYTICS_OPERATIONS,
  ...PREFERENCE_OPERATIONS,
];
