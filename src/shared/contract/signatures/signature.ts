/**
 * The types of one operation, for typed callers (the renderer's client). The operation table
 * (`../operations.ts`) stays the single source of routes; each signature repeats its
 * operation's route as a literal type so the path parameters are derived from it, and a test
 * (tests/shared/contract/operation-signatures.test.ts) checks every route against the table,
 * both ways, so a renamed path or a new operation without a signature fails the suite.
 *
 * Why TypeScript types here and not `FromSchema` over the JSON schemas: most schemas are built
 * at run time from the entity definitions (`recordSchema(entity)`, custom fields), so a type
 * derived from them would be `unknown`; turning ~200 operations into `as const` literals would
 * rewrite every contract file and slow the type checker. Real answers are checked against the
 * response schemas by the API tests; these types name the shapes the screens read.
 */
import type { HttpMethod } from '../operation';

export type QueryValue = string | number | boolean | undefined | null;
/** Query parameters; empty values are left out of the URL. */
export type Query = Record<string, QueryValue>;

export interface Shape {
  query?: object;
  body?: unknown;
  response?: unknown;
}

export type Route = `${HttpMethod} /${string}`;

/** `types` is never set at run time: it carries the shape for the type checker only. */
export interface Signature<R extends Route, T extends Shape> {
  readonly route: R;
  readonly types?: T;
}

/** `op('PATCH /api/v1/leads/{id}/').as<{ body: ...; response: ... }>()`. */
export function op<const R extends Route>(route: R): { as: <T extends Shape = Record<never, never>>() => Signature<R, T> } {
  return { as: () => ({ route }) };
}

/** `{id}` / `{model}` ... in a route template, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | PathParamNames<Rest> : never;

/** Keys `verb` of a group become `prefix.verb` (the record operations of one resource). */
export type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}.${K}`]: T[K] };

export function prefixed<const P extends string, T extends object>(prefix: P, group: T): Prefixed<P, T> {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [`${prefix}.${k}`, v])) as Prefixed<P, T>;
}
