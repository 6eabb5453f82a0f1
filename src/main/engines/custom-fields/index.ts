import { customFieldHandlers } from './custom-field-handlers';
import { CustomFieldsEngine, type CustomFieldsDeps } from './custom-fields-engine';
import { customFieldsSchema } from './openapi-schemas';

export { CustomFieldsEngine, type CustomFieldsDeps, type CustomFieldVisibility } from './custom-fields-engine';
export { customFieldHandlers } from './custom-field-handlers';
export { CONTENT_TYPES, FIELD_TYPES, type CustomFieldDef, type FieldType } from './field-types';
export { FILTER_PREFIX } from './filter-provider';

/**
 * Builds the engine (which registers its hooks on the write path, the reader and the list
 * engine) with its handlers and the OpenAPI schema of `custom_fields` per resource.
 * `engine.canSee(entity, fieldName, role)` and `engine.fieldLabel(entity, fieldName)` are for
 * the audit trail and field history.
 */
export function createCustomFields(deps: CustomFieldsDeps) {
  const engine = new CustomFieldsEngine(deps);
  return {
    engine,
    handlers: customFieldHandlers(engine),
    openApiSchema: (resource: string, forInput: boolean) => customFieldsSchema(engine.store, resource, forInput),
  };
}
