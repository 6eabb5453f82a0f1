import { validationError } from '../../shared/errors';

/** A JSON object: what an object-schema body is once the transport has validated it. */
export type JsonObject = Record<string, unknown>;

/** A type guard, so reading a parsed or validated value as an object needs no cast. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or the one wording of the mistake when it is not. */
export function objectBody(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw validationError({ non_field_errors: ['Invalid data. Expected a JSON object.'] });
  return body;
}

/** An object member read as an object: `{}` when it is absent or not an object. */
export function objectOr(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}
