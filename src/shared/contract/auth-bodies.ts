import type { FromSchema } from 'json-schema-to-ts';

/**
 * The request bodies of sign-in, sessions and API tokens, as `as const` schemas: the operation
 * table uses them to validate and document, and their types (FromSchema) are what the handlers
 * and the auth engine receive, so the two cannot drift apart.
 */

// Which of username/email/password are missing is the auth engine's to say (all at once).
export const LOGIN_BODY = {
  type: 'object',
  properties: { username: { type: 'string', description: 'Username or email' }, email: { type: 'string' }, password: { type: 'string' } },
} as const;
export type LoginBody = FromSchema<typeof LOGIN_BODY>;

export const REFRESH_BODY = { type: 'object', required: ['refresh'], properties: { refresh: { type: 'string' } } } as const;
export type RefreshBody = FromSchema<typeof REFRESH_BODY>;

export const CHANGE_PASSWORD_BODY = {
  type: 'object',
  required: ['current_password', 'new_password'],
  properties: { current_password: { type: 'string' }, new_password: { type: 'string' } },
} as const;
export type ChangePasswordBody = FromSchema<typeof CHANGE_PASSWORD_BODY>;

export const API_TOKEN_BODY = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, expires_in_days: { type: 'integer' } },
} as const;
export type ApiTokenBody = FromSchema<typeof API_TOKEN_BODY>;
