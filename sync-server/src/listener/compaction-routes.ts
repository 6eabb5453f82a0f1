import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../src/shared/errors';
import type { TeamCompaction } from '../core/team-compaction';
import type { IdentityService } from '../identity/identity-service';
import type { EpochStore } from '../store/epoch-store';

const MAX_IDS = 200;
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

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
  // A device with unsent edits reads its records' histories of the epoch before (base64), to
  // re-author its edits superseding exactly what they had seen. Whole-team documents only.
  app.post('/v1/compaction/previous', async (req) => {
    const claims = await deps.identity.authenticate(req.headers.authorization);
    await deps.identity.activeMember(claims);
    const ids = (req.body as { record_ids?: unknown } | null)?.record_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS || !ids.every((id) => typeof id === 'string' && ID.test(id))) {
      throw new AppError('validation_failed', 'record_ids is a list of record ids', { record_ids: [`1 to ${MAX_IDS} record ids.`] });
    }
    const rows = await deps.epochs.previous(claims.team_id, ids as string[]);
    return { records: rows.map((r) => ({ record_id: r.record_id, epoch: r.epoch, update: Buffer.from(r.update).toString('base64') })) };
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
