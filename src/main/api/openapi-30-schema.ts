import type { JsonSchema } from '../../shared/contract/operation';

/**
 * The operation table writes its schemas for Ajv (JSON Schema: `type: ['string', 'null']`,
 * `const`); the document we serve declares OpenAPI 3.0.3, whose Schema Object says the same
 * with `nullable: true` and `enum` (and has no empty `required`). Generators of typed clients read 3.0 strictly, so every
 * schema goes through this on its way into the document.
 */
export function toOpenApi30(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && (Array.isArray(value) || value === 'null')) Object.assign(out, typeList([value].flat() as string[]));
    else if (key === 'const') out.enum = [value];
    else if (key === 'required' && Array.isArray(value) && value.length === 0)
      continue; // 3.0: at least one name
    else if (key === 'properties' || key === 'patternProperties') out[key] = mapValues(value as Record<string, JsonSchema>);
    else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && isSchema(value))) out[key] = toOpenApi30(value as JsonSchema);
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as JsonSchema[]).map(toOpenApi30);
    else out[key] = value;
  }
  return out;
}

function typeList(types: string[]): JsonSchema {
  const nullable = types.includes('null');
  const rest = types.filter((t) => t !== 'null');
  if (rest.length === 0) return { nullable: true };
  const typed: JsonSchema = rest.length === 1 ? { type: rest[0] } : { anyOf: rest.map((type) => ({ type })) };
  return nullable ? { ...typed, nullable: true } : typed;
}

function mapValues(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, toOpenApi30(s)]));
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null;
}
