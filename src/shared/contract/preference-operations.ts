import type { JsonSchema, Operation } from './operation';
import { RECORD_ENTITIES } from './record-operations';

/**
 * Personal preferences, kept per user and synced with that user's other devices (never shown
 * to anyone else). For now: which columns each list shows, in which order, and how wide.
 */

export const LIST_PREFERENCE_MODELS = RECORD_ENTITIES.map((e) => e.name);
export const MAX_LIST_COLUMNS = 60;
export const COLUMN_WIDTH = { min: 60, max: 800 } as const;

const LIST_COLUMNS: JsonSchema = {
  type: 'object',
  properties: {
    entity: { type: 'string', enum: LIST_PREFERENCE_MODELS },
    columns: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'Field names in display order (`custom_fields.<name>` for custom fields); null when the user has not chosen (the list shows its defaults)',
    },
    widths: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Column width in px, by field name, for columns the user resized' },
    updated_at: { type: ['string', 'null'], format: 'date-time' },
  },
};

const PUT_BODY: JsonSchema = {
  type: 'object',
  required: ['columns'],
  properties: {
    columns: { type: 'array', minItems: 1, maxItems: MAX_LIST_COLUMNS, items: { type: 'string' } },
    widths: { type: 'object', additionalProperties: { type: 'integer', minimum: COLUMN_WIDTH.min, maximum: COLUMN_WIDTH.max } },
  },
};

const tag = 'Preferences';
const path = '/api/v1/preferences/list-columns/{entity}/';

export const PREFERENCE_OPERATIONS: readonly Operation[] = [
  {
    id: 'preferences.list_columns',
    method: 'GET',
    path,
    summary: 'Your column choice for a list (lead, contact, company, opportunity, task, activity)',
    tag,
    access: 'self',
    response: LIST_COLUMNS,
  },
  {
    id: 'preferences.set_list_columns',
    method: 'PUT',
    path,
    summary: 'Choose the columns of a list: known fields only, the ones your role may see; synced to your other devices',
    tag,
    access: 'self',
    requestBody: PUT_BODY,
    response: LIST_COLUMNS,
  },
];
