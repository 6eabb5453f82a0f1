import { PAGING_QUERY, listEnvelope } from './record-schemas';
import type { JsonSchema, Operation } from './operation';
import { RECORD_ENTITIES } from './record-operations';

/** Saved list views: a name, a list query string and a column choice, personal or shared with the team. */

export const SAVED_VIEW_MODELS = RECORD_ENTITIES.map((e) => e.name);
export const SAVED_VIEW_NAME_MAX = 100;

const SAVED_VIEW: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', minLength: 1, maxLength: SAVED_VIEW_NAME_MAX },
    model: { type: 'string', enum: SAVED_VIEW_MODELS },
    query: { type: 'string', description: 'Query string of the list endpoint, e.g. `status=qualified&ordering=-created_at`' },
    columns: { type: 'array', items: { type: 'string' }, description: 'Field names (`custom_fields.<name>` for custom fields)' },
    is_shared: { type: 'boolean', description: 'Visible to the whole team (only the owner or an admin can change it)' },
    owner: { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, full_name: { type: 'string' } } },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const input = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: SAVED_VIEW_NAME_MAX },
    model: { type: 'string', enum: SAVED_VIEW_MODELS },
    query: { type: 'string' },
    columns: { type: 'array', items: { type: 'string' } },
    is_shared: { type: 'boolean' },
  },
});

const tag = 'Saved views';
const base = '/api/v1/saved-views/';
const item = `${base}{id}/`;

export const SAVED_VIEW_OPERATIONS: readonly Operation[] = [
  {
    id: 'saved_views.list',
    method: 'GET',
    path: base,
    summary: 'Your saved views and the ones shared with the team, by name',
    tag,
    access: 'read',
    query: [{ name: 'model', description: 'Only views of this model (lead, contact, ...)' }, ...PAGING_QUERY],
    response: listEnvelope(SAVED_VIEW),
  },
  {
    id: 'saved_views.create',
    method: 'POST',
    path: base,
    summary: 'Save a list view',
    tag,
    access: 'self',
    status: 201,
    requestBody: input(['name', 'model']),
    response: SAVED_VIEW,
  },
  { id: 'saved_views.retrieve', method: 'GET', path: item, summary: 'One saved view', tag, access: 'read', response: SAVED_VIEW },
  {
    id: 'saved_views.update',
    method: 'PATCH',
    path: item,
    summary: 'Change a saved view (its owner or an admin)',
    tag,
    access: 'self',
    requestBody: input([]),
    response: SAVED_VIEW,
  },
  { id: 'saved_views.destroy', method: 'DELETE', path: item, summary: 'Delete a saved view (its owner or an admin)', tag, access: 'self', status: 204 },
];
