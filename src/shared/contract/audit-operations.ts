import { PAGING_QUERY, listEnvelope } from './record-schemas';
import type { JsonSchema, Operation, QueryParamDoc } from './operation';

/** Audit trail, field history, recovery and retention (spec section 3); unified timeline (section 7). */

const DATES: QueryParamDoc[] = [
  { name: 'start_date', description: 'From this date (YYYY-MM-DD, start of the UTC day) or ISO 8601 datetime.' },
  { name: 'end_date', description: 'Until this date (YYYY-MM-DD, end of the UTC day) or ISO 8601 datetime.' },
];
const USER_PARAM: QueryParamDoc = { name: 'user', description: 'Author: user id, email or username; `system` for changes without a user.' };

const AUDIT_ENTRY: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    user: { type: ['string', 'null'], description: 'Email of the author' },
    user_id: { type: ['string', 'null'] },
    user_name: { type: ['string', 'null'] },
    action: { type: 'string' },
    model_name: { type: 'string' },
    object_id: { type: ['string', 'null'] },
    object_repr: { type: ['string', 'null'] },
    description: { type: 'string' },
    changes: { type: 'array', items: { type: 'string' } },
    old_values: { type: 'object' },
    new_values: { type: 'object' },
    timestamp: { type: 'string', format: 'date-time' },
    origin: { type: 'string', enum: ['ui', 'api', 'remote', 'system', 'import'] },
  },
};

const FIELD_CHANGE: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    model_name: { type: 'string' },
    object_id: { type: 'string' },
    field_name: { type: 'string' },
    field_label: { type: 'string' },
    old_value: { type: ['string', 'null'] },
    new_value: { type: ['string', 'null'] },
    old_value_display: { type: 'string' },
    new_value_display: { type: 'string' },
    changed_by: { type: 'string' },
    changed_by_id: { type: ['string', 'null'] },
    changed_at: { type: 'string', format: 'date-time' },
    audit_id: { type: 'string' },
  },
};

const POLICY: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    model: { type: 'string', description: 'A model name, or `*` for every model without its own policy' },
    audit_days: { type: ['integer', 'null'] },
    field_history_days: { type: ['integer', 'null'] },
    view_log_days: { type: ['integer', 'null'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    last_applied_at: { type: ['string', 'null'] },
  },
};
const POLICY_BODY: JsonSchema = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    audit_days: { type: ['integer', 'null'], minimum: 1, maximum: 36500, description: 'Days of audit entries (other than view logs) to keep; null: forever' },
    field_history_days: { type: ['integer', 'null'], minimum: 1, maximum: 36500, description: 'Days of field history and snapshots to keep' },
    view_log_days: { type: ['integer', 'null'], minimum: 1, maximum: 36500, description: 'Days of view logs to keep' },
  },
};

const TIMELINE_ITEM: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: '`<type>_<id>`, e.g. activity_<id>, audit_<id>' },
    type: { type: 'string' },
    action: { type: 'string' },
    description: { type: 'string' },
    entity_type: { type: ['string', 'null'] },
    entity_id: { type: ['string', 'null'] },
    entity_name: { type: ['string', 'null'] },
    user: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } } },
    timestamp: { type: 'string', format: 'date-time' },
  },
};
const TIMELINE_PARAMS: QueryParamDoc[] = [
  ...DATES,
  { name: 'entity_type', description: 'lead, contact, company, opportunity, task or activity' },
  { name: 'entity_id', description: 'Only this record and its related records (needs entity_type)' },
  {
    name: 'activity_types',
    description:
      'Comma-separated item types (activity, audit, task, stage_change, lead_conversion, email_campaign) and/or activity types (call, email, meeting, note, sms, other)',
  },
  { name: 'user_id', description: 'Only what this user did' },
  { name: 'limit', description: 'Items per call (default 50, at most 500)', schema: { type: 'integer', minimum: 1, maximum: 500 } },
  { name: 'cursor', description: 'The `next_cursor` of the previous call, for the items after it' },
];
const TIMELINE: JsonSchema = {
  type: 'object',
  properties: {
    count: { type: 'integer', description: 'Items in this response' },
    next_cursor: { type: ['string', 'null'] },
    results: { type: 'array', items: TIMELINE_ITEM },
  },
};

/** `as const`: the revert handler's body type derives from it. */
export const REVERT_BODY = {
  type: 'object',
  required: ['to'],
  properties: {
    to: { type: 'string', description: 'ISO 8601 datetime or audit entry id' },
    fields: { type: 'array', items: { type: 'string' }, description: 'Only these fields' },
  },
} as const;

/** `as const`: the settings handler's body type derives from it. */
export const AUDIT_SETTINGS_BODY = { type: 'object', properties: { log_views: { type: 'object', additionalProperties: { type: 'boolean' } } } } as const;

export const AUDIT_OPERATIONS: readonly Operation[] = [
  {
    id: 'audit_trail.list',
    method: 'GET',
    path: '/api/v1/audit-trail/',
    summary: 'Audit entries, newest first (admins and managers: all; others: record changes and their own entries)',
    tag: 'Audit',
    access: 'read',
    query: [
      {
        name: 'action',
        description:
          'create, update, delete, restore, view, login, password_change, bulk_update, bulk_delete, bulk_restore, purge (comma-separated for several)',
      },
      USER_PARAM,
      { name: 'model', description: 'lead, contact, company, opportunity, task, activity, user, api_token, audit_retention_policy, audit_settings' },
      { name: 'object_id', description: 'One record' },
      { name: 'origin', description: 'ui, api, remote, system, import' },
      ...DATES,
      { name: 'search', description: 'Text in the record name, description or author name' },
      { name: 'ordering', description: 'timestamp, action, model_name, user_name; - for descending (default -timestamp)' },
      ...PAGING_QUERY,
    ],
    response: listEnvelope(AUDIT_ENTRY),
  },
  {
    id: 'audit_trail.stats',
    method: 'GET',
    path: '/api/v1/audit-trail/stats/',
    summary: 'Counts by action, model, user and day (default: the last 30 days)',
    tag: 'Audit',
    access: 'manager',
    query: [...DATES, { name: 'model', description: 'Only this model' }, USER_PARAM],
  },
  {
    id: 'audit_trail.snapshots',
    method: 'GET',
    path: '/api/v1/audit-trail/snapshots/',
    summary: 'Full-state snapshots of records, taken at delete and before bulk changes',
    tag: 'Audit',
    access: 'read',
    query: [
      { name: 'model', description: 'Model name' },
      { name: 'object_id', description: 'One record' },
      { name: 'reason', description: 'delete or bulk' },
      ...PAGING_QUERY,
    ],
  },
  {
    id: 'audit_trail.retrieve',
    method: 'GET',
    path: '/api/v1/audit-trail/{id}/',
    summary: 'One audit entry',
    tag: 'Audit',
    access: 'read',
    response: AUDIT_ENTRY,
  },
  {
    id: 'field_history.list',
    method: 'GET',
    path: '/api/v1/field-history/',
    summary: 'Field-level changes with values formatted for people',
    tag: 'Audit',
    access: 'read',
    query: [
      { name: 'model', description: 'Model name' },
      { name: 'object_id', description: 'One record' },
      { name: 'field_name', description: 'One field (custom fields as custom_fields.<name>)' },
      USER_PARAM,
      ...DATES,
      { name: 'ordering', description: 'changed_at or -changed_at (default)' },
      ...PAGING_QUERY,
    ],
    response: listEnvelope(FIELD_CHANGE),
  },
  {
    id: 'field_history.retrieve',
    method: 'GET',
    path: '/api/v1/field-history/{id}/',
    summary: 'One field change',
    tag: 'Audit',
    access: 'read',
    response: FIELD_CHANGE,
  },
  {
    id: 'record_history.as_of',
    method: 'GET',
    path: '/api/v1/records/{model}/{id}/as-of/',
    summary: 'A record as it was at a past time (or just after one of its audit entries)',
    tag: 'Audit',
    access: 'read',
    query: [{ name: 'at', description: "ISO 8601 datetime, or the id of one of the record's audit entries", required: true }],
  },
  {
    id: 'record_history.revert',
    method: 'POST',
    path: '/api/v1/records/{model}/{id}/revert/',
    summary: 'Revert a record, or some of its fields, to a past point (undeletes it if it was live then); an audited, synced write',
    tag: 'Audit',
    access: 'write',
    requestBody: REVERT_BODY,
  },
  {
    id: 'audit_settings.retrieve',
    method: 'GET',
    path: '/api/v1/audit-settings/',
    summary: 'Which models log reads (view entries)',
    tag: 'Audit',
    access: 'manager',
  },
  {
    id: 'audit_settings.update',
    method: 'PATCH',
    path: '/api/v1/audit-settings/',
    summary: 'Turn read logging on or off per model',
    tag: 'Audit',
    access: 'admin',
    requestBody: AUDIT_SETTINGS_BODY,
  },
  {
    id: 'audit_retention.list',
    method: 'GET',
    path: '/api/v1/audit-retention-policies/',
    summary: 'Retention policies',
    tag: 'Audit',
    access: 'admin',
    response: listEnvelope(POLICY),
  },
  {
    id: 'audit_retention.create',
    method: 'POST',
    path: '/api/v1/audit-retention-policies/',
    summary: 'Create a retention policy for a model (or `*`)',
    tag: 'Audit',
    access: 'admin',
    status: 201,
    requestBody: POLICY_BODY,
    response: POLICY,
  },
  {
    id: 'audit_retention.apply',
    method: 'POST',
    path: '/api/v1/audit-retention-policies/apply/',
    summary: 'Apply the policies now; returns what was removed (also runs at start and daily)',
    tag: 'Audit',
    access: 'admin',
  },
  {
    id: 'audit_retention.retrieve',
    method: 'GET',
    path: '/api/v1/audit-retention-policies/{id}/',
    summary: 'One retention policy',
    tag: 'Audit',
    access: 'admin',
    response: POLICY,
  },
  {
    id: 'audit_retention.update',
    method: 'PATCH',
    path: '/api/v1/audit-retention-policies/{id}/',
    summary: 'Change the days a policy keeps',
    tag: 'Audit',
    access: 'admin',
    requestBody: POLICY_BODY,
    response: POLICY,
  },
  {
    id: 'audit_retention.destroy',
    method: 'DELETE',
    path: '/api/v1/audit-retention-policies/{id}/',
    summary: 'Delete a retention policy (keep forever)',
    tag: 'Audit',
    access: 'admin',
    status: 204,
  },
  {
    id: 'timeline.list',
    method: 'GET',
    path: '/api/v1/timeline/',
    summary: 'Unified timeline: activities, audit entries, tasks, stage changes, lead conversions, newest first',
    tag: 'Timeline',
    access: 'read',
    query: TIMELINE_PARAMS,
    response: TIMELINE,
  },
  {
    id: 'timeline.my_activity',
    method: 'GET',
    path: '/api/v1/timeline/user/',
    summary: 'What the signed-in user did',
    tag: 'Timeline',
    access: 'read',
    query: TIMELINE_PARAMS.filter((p) => p.name !== 'user_id'),
    response: TIMELINE,
  },
  {
    id: 'timeline.user_activity',
    method: 'GET',
    path: '/api/v1/timeline/user/{user_id}/',
    summary: 'What one user did',
    tag: 'Timeline',
    access: 'read',
    query: TIMELINE_PARAMS.filter((p) => p.name !== 'user_id'),
    response: TIMELINE,
  },
  {
    id: 'timeline.entity',
    method: 'GET',
    path: '/api/v1/timeline/{entity_type}/{entity_id}/',
    summary: 'Timeline of one record and its related records (a company: its contacts and deals)',
    tag: 'Timeline',
    access: 'read',
    query: TIMELINE_PARAMS.filter((p) => p.name !== 'entity_type' && p.name !== 'entity_id'),
  },
];
