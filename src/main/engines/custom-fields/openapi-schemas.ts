import type { JsonSchema } from '../../../shared/contract/operation';
import { ENTITIES } from '../../../shared/entities/entities';
import type { DefinitionStore } from './definition-store';
import type { CustomFieldDef } from './field-types';

function valueSchema(def: CustomFieldDef): JsonSchema {
  const base = { description: [def.label, def.help_text].filter(Boolean).join(': '), nullable: true };
  const options = def.options.map((o) => o.value);
  switch (def.field_type) {
    case 'number':
      return { ...base, type: 'integer', minimum: def.min_value ?? undefined, maximum: def.max_value ?? undefined };
    case 'decimal':
      return { ...base, type: 'number', minimum: def.min_value ?? undefined, maximum: def.max_value ?? undefined };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'datetime':
      return { ...base, type: 'string', format: 'date-time' };
    case 'select':
    case 'radio':
      return { ...base, type: 'string', enum: options };
    case 'multiselect':
    case 'checkbox':
      return { ...base, type: 'array', items: { type: 'string', enum: options } };
    default:
      return {
        ...base,
        type: 'string',
        format: def.field_type === 'email' ? 'email' : def.field_type === 'url' ? 'uri' : undefined,
        minLength: def.min_length ?? undefined,
        maxLength: def.max_length ?? undefined,
        pattern: def.regex_pattern ?? undefined,
      };
  }
}

/**
 * The `custom_fields` object of one resource's records as the OpenAPI document describes it:
 * the live fields every role may see (the document is public on this machine, so fields
 * restricted by role are left out). Null for resources without custom fields.
 */
export function customFieldsSchema(store: DefinitionStore, resource: string, forInput: boolean): JsonSchema | null {
  const entity = ENTITIES.find((e) => e.resource === resource);
  if (!entity) return null;
  const defs = store.live(entity.name).filter((d) => d.visible_to_roles.length === 0 && (!forInput || d.is_active));
  if (defs.length === 0) return null;
  const required = forInput ? defs.filter((d) => d.is_required && d.default_value === null).map((d) => d.name) : [];
  return {
    type: 'object',
    description: `Custom field values of ${entity.resource}, by field name${forInput && required.length ? ' (required ones on create)' : ''}`,
    properties: Object.fromEntries(defs.map((d) => [d.name, valueSchema(d)])),
    ...(required.length ? { 'x-required-on-create': required } : {}),
    additionalProperties: false,
  };
}
