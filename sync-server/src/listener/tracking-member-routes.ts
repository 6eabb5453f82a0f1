import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../src/shared/errors';
import type { IdentityService } from '../identity/identity-service';
import type { TrackingStore } from '../store/tracking-store';

const MAX_PAGE = 1000;
const MAX_CHECK = 1000;

/**
 * What members read of the public email endpoints (bearer, active members): the team's
 * tracking key and public base URL, the events since a cursor, the suppression list since a
 * cursor, and a check of some address hashes against it (before each batch a campaign sends).
 */
export function registerTrackingMemberRoutes(
  app: FastifyInstance,
  deps: { identity: IdentityService; tracking: TrackingStore; publicUrl: () => string },
): void {
  const member = async (req: FastifyRequest) => {
    const claims = await deps.identity.authenticate(req.headers.authorization);
    await deps.identity.activeMember(claims);
    return claims.team_id;
  };

  app.get('/v1/tracking/key', async (req) => {
    const team = await member(req);
    const key = await deps.tracking.keyFor(team, () => randomBytes(32).toString('base64url'));
    if (!key) throw new AppError('not_found', 'no such team');
    return { key, tracking_base_url: `${deps.publicUrl()}/t/${team}` };
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/tracking/events', async (req) => {
    const team = await member(req);
    const { since, limit } = page(req.query);
    const rows = await deps.tracking.eventsSince(team, since, limit + 1);
    const events = rows.slice(0, limit);
    return { events, cursor: events.at(-1)?.id ?? since, has_more: rows.length > limit };
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/suppressions', async (req) => {
    const team = await member(req);
    const { since, limit } = page(req.query);
    const rows = await deps.tracking.suppressionsSince(team, since, limit + 1);
    const suppressions = rows.slice(0, limit);
    return { suppressions, cursor: suppressions.at(-1)?.id ?? since, has_more: rows.length > limit };
  });
  app.post('/v1/suppressions/check', async (req) => {
    const team = await member(req);
    const hashes = (req.body as { hashes?: unknown } | null)?.hashes;
    if (!Array.isArray(hashes) || hashes.length > MAX_CHECK || !hashes.every((h) => typeof h === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(h))) {
      throw new AppError('validation_failed', 'hashes is a list of address hashes', { hashes: [`At most ${MAX_CHECK} hashes.`] });
    }
    return { suppressed: await deps.tracking.suppressed(team, hashes as string[]) };
  });
}

function page(query: Record<string, string | undefined>): { since: number; limit: number } {
  const since = Number(query.since ?? '0');
  const limit = Number(query.limit ?? String(MAX_PAGE));
  const fields: Record<string, string[]> = {};
  if (!Number.isSafeInteger(since) || since < 0) fields.since = ['A cursor: a whole number >= 0.'];
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) fields.limit = [`Between 1 and ${MAX_PAGE}.`];
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'bad cursor', fields);
  return { since, limit };
}
