import { allFields, type EntityDef, type FieldDef } from '../entities/field-def';
import type { JsonSchema, QueryParamDoc } from './operation';

function fieldSchema(def: FieldDef, forInput: boolean): JsonSchema {
  const nullable = (s: JsonSchema): JsonSchema => ({ ...s, nullable: true, description: def.label });
  switch (def.kind) {
    case 'int':
      return nullable({ type: 'integer', minimum: def.min, maximum: def.max });
    case 'decimal':
      return nullable(forInput ? { oneOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }] } : { type: 'string', example: '50000.00' });
    case 'bool':
      return nullable({ type: 'boolean' });
    case 'date':
      return nullable({ type: 'string', format: 'date' });
    case 'datetime':
      return nullable({ type: 'string', format: 'date-time' });
    case 'enum':
      return nullable({ type: 'string', enum: [...(def.options ?? [])] });
    case 'email':
      return nullable({ type: 'string', format: 'email' });
    case 'url':
      return nullable({ type: 'string', format: 'uri' });
    case 'tags':
      return { type: 'array', items: { type: 'string' }, description: def.label };
    case 'json':
      return nullable({ type: 'object' });
    case 'ref':
      return forInput
        ? nullable({ type: 'string', description: `${def.label} (id of a ${def.ref})` })
        : nullable({ type: 'object', properties: { id: { type: 'string' } }, description: `${def.label} (brief ${def.ref})` });
    default:
      return nullable({ type: 'string', maxLength: def.maxLength });
  }
}

/** JSON schema of a record as returned by the API. */
export function recordSchema(entity: EntityDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(allFields(entity))) properties[name] = fieldSchema(def, false);
  properties.custom_fields = { type: 'object', description: 'Custom field values by field name' };
  return { type: 'object', properties };
}

/**
 * What a body may hold for one field: the JSON types the entity's field validator takes (it
 * turns `"12"` into 12 and `""` into null, takes a ref as an id or a `{id}` object), and the
 * validator's own wording when the type is wrong, so a mistake reads the same whichever check
 * meets it first. Values (bounds, formats, choices) are the field validator's to judge.
 */
function fieldInputSchema(def: FieldDef): JsonSchema {
  const described = (type: string[], message: string, extra: JsonSchema = {}): JsonSchema => ({
    type: [...type, 'null'],
    description: def.label,
    'x-message': message,
    ...extra,
  });
  switch (def.kind) {
    case 'int':
      return described(['integer', 'string'], 'A valid integer is required.', { minimum: def.min, maximum: def.max });
    case 'decimal':
      return described(['number', 'string'], 'A valid number is required.', { example: 50000 });
    case 'bool':
      return described(['boolean', 'string'], 'Must be a valid boolean.');
    case 'date':
      return described(['string'], 'Date has wrong format. Use YYYY-MM-DD.', { format: 'date' });
    case 'datetime':
      return described(['string'], 'Datetime has wrong format. Use ISO 8601, e.g. 2024-01-15T10:30:00Z.', { format: 'date-time' });
    case 'enum':
      return described(['string'], `"{value}" is not a valid choice.`, { enum: [...(def.options ?? []), '', null] });
    case 'ref':
      return described(['string', 'object'], 'Incorrect type. Expected an id string.', { description: `${def.label} (id of a ${def.ref})` });
    case 'tags':
      return {
        type: ['array', 'null'],
        description: def.label,
        'x-message': 'Expected a list of strings.',
        items: { type: 'string', 'x-message': 'Each tag must be a non-empty string of at most 50 characters.' },
      };
    case 'json':
      return described(['object'], 'Expected an object.');
    default:
      return described(['string'], 'Not a valid string.', {
        maxLength: def.maxLength,
        format: def.kind === 'email' ? 'email' : def.kind === 'url' ? 'uri' : undefined,
      });
  }
}

/**
 * JSON schema of a create/replace/update body: the entity's fields, nothing else. Read-only
 * fields are accepted and ignored (a client may send back a record it read). The request check
 * takes the key set from here; the values, which fields are required and defaults such as the
 * owner being the caller are judged by the entity validator, built from the same entity
 * definition (`x-values-checked-by: entity`): it reports every bad field of a body at once, and
 * a replace of a missing record answers 404 before any 400.
 */
export function recordInputSchema(entity: EntityDef, partial: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, def] of Object.entries(allFields(entity))) {
    if (def.readOnly) {
      properties[name] = { description: `${def.label} (read-only; ignored in input)`, readOnly: true };
      continue;
    }
    properties[name] = fieldInputSchema(def);
    if (def.required && !partial && !def.defaultsToCaller) required.push(name);
  }
  properties.custom_fields = {
    type: 'object',
    description: 'Custom field values by field name',
    'x-message': 'Expected an object of custom field values.',
    additionalProperties: true,
  };
  return {
    type: 'object',
    properties,
    required: required.length ? required : undefined,
    additionalProperties: false,
    'x-values-checked-by': 'entity',
    'x-message-root': 'Invalid data. Expected a JSON object.',
  };
}

/** `page` and `page_size`, the paging parameters of every list operation. */
export const PAGING_QUERY: QueryParamDoc[] = [
  { name: 'page', description: 'Page number, from 1.', schema: { type: 'integer', minimum: 1 } },
  { name: 'page_size', description: 'Results per page (default 20; a larger ask gets 100).', schema: { type: 'integer', minimum: 1 } },
];

export function listEnvelope(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: {
      count: { type: 'integer' },
      next: { type: 'string', nullable: true },
      previous: { type: 'string', nullable: true },
      results: { type: 'array', items: item },
    },
  };
}
