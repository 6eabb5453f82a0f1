import type { JsonSchema, Operation, QueryParamDoc } from './operation';

/**
 * The schemas that validate requests, derived from the operation table (the same schemas the
 * OpenAPI document shows), made strict where the table is written for readers:
 * - an object schema that lists its properties refuses any other key, at every depth
 *   (`additionalProperties: false` unless the table says otherwise, e.g. free-form
 *   `custom_fields` maps, whose keys the custom field validator checks);
 * - OpenAPI's `nullable: true` becomes a `null` member of the type list;
 * - a record body (`x-values-checked-by: entity`) is checked for its keys; its values and
 *   required fields are the entity validator's, derived from the same entity definition.
 * The table itself is not changed: the documentation keeps its readable form.
 */
export function strictSchema(schema: JsonSchema, options: { closeObjects?: boolean } = {}): JsonSchema {
  const close = options.closeObjects ?? true;
  const sub = (value: JsonSchema) => strictSchema(value, options);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || value === undefined) continue;
    const byEntity = schema['x-values-checked-by'] === 'entity';
    if (key === 'required' && byEntity) continue;
    if (key === 'properties' && isObject(value)) {
      // Field values the entity validator judges are any JSON here (that validator names them all at once).
      out.properties = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, byEntity ? {} : isObject(v) ? sub(v) : v]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
      out[key] = sub(value);
    } else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((v) => (isObject(v) ? sub(v) : v));
    } else out[key] = value;
  }
  if (close && isObject(schema.properties) && !('additionalProperties' in schema) && !('patternProperties' in schema)) out.additionalProperties = false;
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (Array.isArray(out.oneOf)) out.oneOf = [...out.oneOf, { type: 'null' }];
    else if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  // An enum of a nullable field lists null too, or a null the type allows is refused by the enum.
  if (Array.isArray(out.enum) && Array.isArray(out.type) && out.type.includes('null') && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** A query parameter name standing for a family (`<field>[__lookup]`): any field-like name. */
const FIELD_FAMILY = '^[A-Za-z][A-Za-z0-9_]*$';

function queryValueSchema(doc: QueryParamDoc): JsonSchema {
  // Query values arrive as text; the validator coerces a copy for the check (the handler keeps the text).
  return doc.schema ? strictSchema(doc.schema) : { type: 'string' };
}

/**
 * The schema of an operation's query string: the parameters its table entry names, a family
 * pattern where it names one (`<field>...` filters, checked against the entity's fields by the
 * list engine), and nothing else; an operation that names none takes no query parameters.
 */
export function querySchema(op: Operation): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const patternProperties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const doc of op.query ?? []) {
    if (doc.name.startsWith('<')) patternProperties[FIELD_FAMILY] = { type: 'string' };
    else {
      properties[doc.name] = queryValueSchema(doc);
      if (doc.required) required.push(doc.name);
    }
  }
  return {
    type: 'object',
    properties,
    ...(Object.keys(patternProperties).length ? { patternProperties } : {}),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** The schema of an operation's body; one that names none takes no body (or an empty object). */
export function bodySchema(op: Operation): JsonSchema {
  return op.requestBody ? strictSchema(op.requestBody) : { type: 'object', properties: {}, additionalProperties: false };
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
