import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Handler, HandlerRequest } from './handler';
import { objectBody, type JsonObject } from './json-object';

export type { JsonObject } from './json-object';

/** A request whose body has the type of its operation's body schema. */
export type RequestWith<Body> = Omit<HandlerRequest, 'body'> & { body: Body };

/** The type a body schema from the contract describes (`as const` schemas only). */
export type BodyOf<S extends JSONSchema> = FromSchema<S>;

const schemaOfHandler = new WeakMap<Handler, unknown>();

/** The body schema a handler was typed from (for the test that it is its operation's own). */
export function bodySchemaOf(handler: Handler): unknown {
  return schemaOfHandler.get(handler);
}

/**
 * A handler whose `req.body` is typed from the operation's body schema (an `as const` schema of
 * the contract, the very object the operation's `requestBody` is). No body is `{}`.
 */
export function withBody<const S extends JSONSchema, B = FromSchema<S>>(schema: S, handler: (req: RequestWith<B>) => unknown): Handler {
  const typed: Handler = (req) =>
    // The one cast of request bodies, and why it holds: the transport validated this body with Ajv
    // against this same schema (made stricter: unknown keys refused) before any handler runs, and
    // a test checks that the schema given here is the operation's own.
    handler({ ...req, body: (req.body ?? {}) as B });
  schemaOfHandler.set(typed, schema);
  return typed;
}

/**
 * A handler whose body schema is built at run time (a record's fields, from its entity), so it
 * has no literal type: the body is a JSON object, checked here rather than cast. No body is `{}`.
 */
export function withObjectBody(handler: (req: RequestWith<JsonObject>) => unknown): Handler {
  return (req: HandlerRequest) => handler({ ...req, body: objectBody(req.body ?? {}) });
}
