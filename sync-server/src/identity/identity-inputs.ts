import { z } from 'zod';
import { USER_ROLES } from '../../../src/shared/entities/enums';
import { AppError, type FieldErrors } from '../../../src/shared/errors';

const email = z.string().trim().toLowerCase().email().max(254);
const password = z.string().min(8, 'at least 8 characters').max(200);
const deviceId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (1-64)');
const displayName = z.string().trim().min(1).max(120).optional();
/** An install may ask for its local user id as the relay account id (used only for a new account). */
const accountId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (1-64)')
  .optional();

export const createTeamInput = z
  .object({
    team_name: z.string().trim().min(1).max(120),
    email,
    password,
    device_id: deviceId,
    display_name: displayName,
    account_id: accountId,
  })
  .strict();
export const inviteInput = z
  .object({
    email,
    role: z.enum(USER_ROLES),
    account_id: accountId,
    /** Default 7 days; at most 30. */
    ttl_seconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86400)
      .optional(),
  })
  .strict();
export const joinInput = z
  .object({
    invite_code: z.string().min(1).max(100),
    email,
    password,
    device_id: deviceId,
    display_name: displayName,
  })
  .strict();
export const tokenInput = z
  .object({
    email,
    password: z.string().min(1).max(200),
    device_id: deviceId,
    team_id: z.string().min(1).max(64).optional(),
  })
  .strict();
export const roleInput = z.object({ role: z.enum(USER_ROLES) }).strict();
export const refreshInput = z.object({ refresh_token: z.string().min(1).max(300) }).strict();

/** Parses a request body against a schema; a failure is a 400 naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const res = schema.safeParse(body ?? {});
  if (res.success) return res.data;
  const fields: FieldErrors = {};
  for (const issue of res.error.issues) {
    const key = issue.path.join('.') || 'body';
    (fields[key] ??= []).push(issue.message);
  }
  throw new AppError('validation_failed', 'invalid input', fields);
}
