import { USER_ROLES } from '../entities/enums';
import type { FieldKind } from '../entities/field-def';
import type { JsonSchema, Operation, QueryParamDoc } from './operation';
import { listEnvelope, PAGING_QUERY } from './record-schemas';

/** The 14 field types of spec section 6. select/radio hold one option, multiselect/checkbox a list. */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'email',
  'url',
  'phone',
  'select',
  'multiselect',
  'radio',
  'checkbox',
] as const;

/**
 * The built-in field kind whose validation, lookups and form inputs a scalar custom type
 * shares; null for the list types (multiselect, checkbox), which hold several options.
 */
export const KIND_OF_TYPE: Record<(typeof CUSTOM_FIELD_TYPES)[number], FieldKind | null> = {
  text: 'text',
  textarea: 'longtext',
  number: 'int',
  decimal: 'decimal',
  boolean: 'bool',
  date: 'date',
  datetime: 'datetime',
  email: 'email',
  url: 'url',
  phone: 'phone',
  select: 'enum',
  radio: 'enum',
  multiselect: null,
  checkbox: null,
};

const ROLES = { type: 'array', items: { type: 'string', enum: [...USER_ROLES] }, description: 'Empty: every role. Admins always see and edit.' };
const CONTENT_TYPE = { oneOf: [{ type: 'integer' }, { type: 'string' }], description: 'Model name (`lead`) or its id from /api/v1/content-types/' };

const DEFINITION_INPUT: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]{0,49}$',
      description: 'Key of the value (`custom_fields.<name>`, filter `cf_<name>`); fixed once created',
    },
    label: { type: 'string', maxLength: 100 },
    field_type: { type: 'string', enum: [...CUSTOM_FIELD_TYPES] },
    content_type: CONTENT_TYPE,
    is_required: { type: 'boolean' },
    min_value: { type: 'number', nullable: true },
    max_value: { type: 'number', nullable: true },
    min_length: { type: 'integer', nullable: true },
    max_length: { type: 'integer', nullable: true },
    regex_pattern: { type: 'string', nullable: true, description: 'RE2 syntax (linear time; no lookaround or backreferences), searched anywhere in the value' },
    regex_error_message: { type: 'string', nullable: true },
    options: {
      type: 'array',
      nullable: true,
      items: {
        oneOf: [
          { type: 'string', description: 'The value, its own label' },
          { type: 'object', properties: { value: { type: 'string' }, label: { type: 'string' } } },
        ],
      },
    },
    default_value: { description: 'Used on create when a record sends no value' },
    help_text: { type: 'string' },
    placeholder: { type: 'string' },
    is_searchable: { type: 'boolean', description: 'In the record full-text search (fields restricted by role never are)' },
    is_filterable: { type: 'boolean', description: 'Filter and order lists by `cf_<name>` (indexed)' },
    order: { type: 'integer' },
    group: { type: 'string', nullable: true, description: 'Id of a custom field group' },
    is_active: { type: 'boolean' },
    visible_to_roles: ROLES,
    editable_by_roles: ROLES,
  },
};
const DEFINITION: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ...(DEFINITION_INPUT.properties as object),
    content_type: { type: 'integer' },
    model: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    deleted_at: { type: 'string', format: 'date-time', nullable: true },
  },
};
const GROUP: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string', nullable: true },
    order: { type: 'integer' },
    content_type: CONTENT_TYPE,
    model: { type: 'string' },
  },
};
const VALUE: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    custom_field: { type: 'string' },
    field_name: { type: 'string' },
    field_label: { type: 'string' },
    field_type: { type: 'string' },
    model: { type: 'string' },
    object_id: { type: 'string' },
    value: {},
    display_value: {},
  },
};
/** `as const`: the handlers' body types derive from these. */
export const VALIDATE_VALUE_BODY = { type: 'object', required: ['value'], properties: { value: {} } } as const;
export const VALUE_CREATE_BODY = {
  type: 'object',
  required: ['custom_field', 'object_id', 'value'],
  properties: {
    custom_field: { type: 'string', description: 'Field id, or name with model' },
    model: { type: 'string' },
    object_id: { type: 'string' },
    value: {},
  },
} as const;

const BULK_BODY: JsonSchema = {
  type: 'object',
  required: ['model', 'object_id', 'values'],
  properties: { model: { type: 'string' }, object_id: { type: 'string' }, values: { type: 'object', description: 'Values keyed by field id or name' } },
};
const BULK_RESULT: JsonSchema = {
  type: 'object',
  properties: {
    updated: { type: 'array', items: { type: 'object', properties: { field_id: { type: 'string' }, field_name: { type: 'string' }, value: {} } } },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field_id: { type: 'string' }, field_name: { type: 'string', nullable: true }, errors: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};
const MODEL: QueryParamDoc = { name: 'model', description: 'Model name (lead, contact, company, opportunity, task) or content type id' };

const F = '/api/v1/custom-fields/';
const G = '/api/v1/custom-field-groups/';
const V = '/api/v1/custom-field-values/';
const tag = 'Custom fields';

export const CUSTOM_FIELD_OPERATIONS: Operation[] = [
  {
    id: 'content_types.list',
    method: 'GET',
    path: '/api/v1/content-types/',
    summary: 'Models that take custom fields, with their content type ids',
    tag,
    access: 'read',
    response: listEnvelope({ type: 'object', properties: { id: { type: 'integer' }, model: { type: 'string' }, name: { type: 'string' } } }),
  },
  {
    id: 'custom_fields.list',
    method: 'GET',
    path: F,
    summary: 'Custom field definitions your role may see, in form order',
    tag,
    access: 'read',
    response: listEnvelope(DEFINITION),
    query: [
      MODEL,
      { name: 'content_type', description: 'Same as model' },
      { name: 'field_type', description: 'Only this type' },
      { name: 'group', description: 'Only fields of this group id' },
      { name: 'is_active', description: 'true or false' },
      { name: 'include_deleted', description: 'Admins: true to list deleted fields too' },
      ...PAGING_QUERY,
    ],
  },
  {
    id: 'custom_fields.create',
    method: 'POST',
    path: F,
    summary: 'Define a custom field',
    tag,
    access: 'admin',
    status: 201,
    requestBody: { ...DEFINITION_INPUT, required: ['name', 'label', 'field_type', 'content_type'] },
    response: DEFINITION,
  },
  { id: 'custom_fields.retrieve', method: 'GET', path: `${F}{id}/`, summary: 'One custom field definition', tag, access: 'read', response: DEFINITION },
  {
    id: 'custom_fields.replace',
    method: 'PUT',
    path: `${F}{id}/`,
    summary: 'Replace a definition; a type change converts stored values or refuses (409) listing those that cannot be converted',
    tag,
    access: 'admin',
    requestBody: DEFINITION_INPUT,
    response: DEFINITION,
  },
  {
    id: 'custom_fields.update',
    method: 'PATCH',
    path: `${F}{id}/`,
    summary: 'Change attributes of a definition (same conversion rules as PUT)',
    tag,
    access: 'admin',
    requestBody: DEFINITION_INPUT,
    response: DEFINITION,
  },
  {
    id: 'custom_fields.destroy',
    method: 'DELETE',
    path: `${F}{id}/`,
    summary: 'Delete a definition; its values stay in the records for restore',
    tag,
    access: 'admin',
    status: 204,
  },
  {
    id: 'custom_fields.restore',
    method: 'POST',
    path: `${F}{id}/restore/`,
    summary: 'Restore a deleted definition with its values',
    tag,
    access: 'admin',
    response: DEFINITION,
  },
  {
    id: 'custom_fields.validate_value',
    method: 'POST',
    path: `${F}{id}/validate_value/`,
    summary: 'Whether a value is valid for the field, and why not',
    tag,
    access: 'read',
    requestBody: VALIDATE_VALUE_BODY,
    response: { type: 'object', properties: { valid: { type: 'boolean' }, value: {}, errors: { type: 'array', items: { type: 'string' } } } },
  },
  {
    id: 'custom_field_groups.list',
    method: 'GET',
    path: G,
    summary: 'Groups organising custom fields on forms',
    tag,
    access: 'read',
    query: [MODEL, ...PAGING_QUERY],
    response: listEnvelope(GROUP),
  },
  {
    id: 'custom_field_groups.create',
    method: 'POST',
    path: G,
    summary: 'Create a field group',
    tag,
    access: 'admin',
    status: 201,
    requestBody: GROUP,
    response: GROUP,
  },
  { id: 'custom_field_groups.retrieve', method: 'GET', path: `${G}{id}/`, summary: 'One field group', tag, access: 'read', response: GROUP },
  {
    id: 'custom_field_groups.replace',
    method: 'PUT',
    path: `${G}{id}/`,
    summary: 'Replace a field group',
    tag,
    access: 'admin',
    requestBody: GROUP,
    response: GROUP,
  },
  {
    id: 'custom_field_groups.update',
    method: 'PATCH',
    path: `${G}{id}/`,
    summary: 'Change a field group',
    tag,
    access: 'admin',
    requestBody: GROUP,
    response: GROUP,
  },
  { id: 'custom_field_groups.destroy', method: 'DELETE', path: `${G}{id}/`, summary: 'Delete an empty field group', tag, access: 'admin', status: 204 },
  {
    id: 'custom_field_values.list',
    method: 'GET',
    path: V,
    summary: 'Custom values of live records your role may see',
    tag,
    access: 'read',
    response: listEnvelope(VALUE),
    query: [
      MODEL,
      { name: 'object_id', description: 'Only this record' },
      { name: 'custom_field', description: 'Only this field (id, or name with model)' },
      ...PAGING_QUERY,
    ],
  },
  {
    id: 'custom_field_values.create',
    method: 'POST',
    path: V,
    summary: 'Set one value of a record (through the record write path)',
    tag,
    access: 'write',
    status: 201,
    response: VALUE,
    requestBody: VALUE_CREATE_BODY,
  },
  {
    id: 'custom_field_values.for_object',
    method: 'GET',
    path: `${V}for_object/`,
    summary: 'The custom values of one record',
    tag,
    access: 'read',
    response: listEnvelope(VALUE),
    query: [
      { ...MODEL, required: true },
      { name: 'object_id', description: 'Record id', required: true },
    ],
  },
  {
    id: 'custom_field_values.bulk_update',
    method: 'POST',
    path: `${V}bulk_update/`,
    summary: 'Set several values of a record; invalid ones change nothing and are reported',
    tag,
    access: 'write',
    requestBody: BULK_BODY,
    response: BULK_RESULT,
  },
];
