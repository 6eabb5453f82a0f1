import type { JsonSchema, Operation } from '../../shared/contract/operation';
import { pathParams } from '../../shared/contract/operation';
import { ERROR_CODES } from '../../shared/errors';
import { toOpenApi30 } from './openapi-30-schema';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

/** The `custom_fields` object of a resource's records (fields defined at run time), or null. */
export type CustomFieldSchema = (resource: string, forInput: boolean) => JsonSchema | null;

/** Puts the custom fields schema in a record schema, or in the items of a list envelope. */
function withCustomFields(schema: JsonSchema | undefined, custom: JsonSchema | null): JsonSchema | undefined {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  if (!schema || !custom || !props) return schema;
  if (props.custom_fields) return { ...schema, properties: { ...props, custom_fields: custom } };
  const results = props.results;
  if (results?.items) return { ...schema, properties: { ...props, results: { ...results, items: withCustomFields(results.items as JsonSchema, custom) } } };
  return schema;
}

/** OpenAPI 3 document generated from the operation table: the contract as scripts see it. */
export function openApiDocument(operations: readonly Operation[], version: string, customFields?: CustomFieldSchema): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const original of operations) {
    const resource = original.id.split('.')[0];
    const op = customFields
      ? {
          ...original,
          requestBody: withCustomFields(original.requestBody, customFields(resource, true)),
          response: withCustomFields(original.response, customFields(resource, false)),
        }
      : original;
    const parameters = [
      ...pathParams(op.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.query ?? []).map((q) => ({
        name: q.name,
        in: 'query',
        required: q.required ?? false,
        description: q.description,
        schema: toOpenApi30(q.schema ?? { type: 'string' }),
      })),
    ];
    const status = String(op.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]:
        status === '204'
          ? { description: 'Done' }
          : { description: 'OK', content: { 'application/json': { schema: toOpenApi30(op.response ?? { type: 'object' }) } } },
      '400': { description: 'Invalid input; `fields` names each problem', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    };
    if (op.access !== 'public')
      responses['401'] = { description: 'Not authenticated', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    if (op.access !== 'public' && op.access !== 'read') responses['403'] = { description: 'Not allowed for your role' };
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      security: op.access === 'public' ? [] : [{ bearer: [] }],
      parameters,
      ...(op.requestBody ? { requestBody: { required: true, content: { 'application/json': { schema: toOpenApi30(op.requestBody) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'FieldCRM local API',
      version,
      description: 'Served on 127.0.0.1 by every install. Authenticate with a JWT from /api/v1/auth/token/ or a personal API token.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'JWT access token or personal API token (crm_...)' } },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
