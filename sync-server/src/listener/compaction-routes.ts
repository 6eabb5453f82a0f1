import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../src/shared/errors';
import type { TeamCompaction } from '../core/team-compaction';
import type { IdentityService } from '../identity/identity-service';
import type { EpochStore } from '../store/epoch-store';

/**
 * The team-wide compaction (README, "The record document"): a team admin starts it (202; 409
 * while one runs), any member reads where it stands. The body of the POST is not read.
 */
export function registerCompactionRoutes(app: FastifyInstance, deps: { identity: IdentityService; epochs: EpochStore; compaction: TeamCompaction }): void {
  app.get('/v1/compaction', async (req) => {
    const claims = await deps.identity.authenticate(req.headers.authorization);
    await deps.identity.activeMember(claims);
    return deps.epochs.get(claims.team_id);
  });
  app.post('/v1/compaction', async (req, reply) => {
    const claims = await deps.identity.authenticate(req.headers.authorization);
    const me = await deps.identity.activeMember(claims);
    if (me.role !== 'admin') throw new AppError('forbidden', 'only team admins start a compaction');
    const started = await deps.compaction.start(claims.team_id);
    void reply.status(202);
    return started;
  });
}
