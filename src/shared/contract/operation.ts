/**
 * The table of operations is the API contract: the HTTP routes, the OpenAPI document, the
 * renderer's client and the tests all derive from it.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * public: no token. read: any signed-in user. write: any role but viewer. self: any signed-in
 * user acting on their own account (viewers included). admin: admins only.
 */
export type Access = 'public' | 'read' | 'write' | 'self' | 'admin' | 'manager';

export type JsonSchema = Record<string, unknown>;

export interface QueryParamDoc {
  name: string;
  description: string;
  schema?: JsonSchema;
  required?: boolean;
}

export interface Operation {
  /** `<engine>.<verb>`, e.g. `leads.list`. */
  id: string;
  method: HttpMethod;
  /** Under the server root, `{name}` for path parameters, trailing slash included. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** Status of a successful answer (default 200; 204 sends no body). */
  status?: number;
  requestBody?: JsonSchema;
  response?: JsonSchema;
  query?: QueryParamDoc[];
  /** Largest request body in bytes, when an operation needs more than the transport's default (imports). */
  bodyLimit?: number;
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
