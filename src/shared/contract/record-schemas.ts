import { allFields, type EntityDef, type FieldDef } from '../entities/field-def';
import type { JsonSchema } from './operation';

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

/** JSON schema of a create/replace body (unknown fields are refused). */
export function recordInputSchema(entity: EntityDef, partial: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, def] of Object.entries(allFields(entity))) {
    if (def.readOnly) continue;
    properties[name] = fieldSchema(def, true);
    if (def.required && !partial) required.push(name);
  }
  properties.custom_fields = { type: 'object', description: 'Custom field values by field name' };
  return { type: 'object', properties, required: required.length ? required : undefined, additionalProperties: false };
}

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
