import type { Db } from '../../db/open-database';

export const NEVER_SHARED = 'never_shared';

/**
 * Whether this store's record histories may exist anywhere else, from what the sync client
 * keeps (src/main/engines/sync/sync-settings.ts) and what arrived from outside: the reason they
 * may, or NEVER_SHARED. Cheap (a few indexed reads): it runs in every batch of the rewrite.
 * - a team connection, a pull cursor, a bootstrap, a removal or relay addresses (`sync.*`), its secrets;
 * - a first connection to a team, which outlives leaving it (`team.connected_at`);
 * - a remote update parked or refused here, or a change the relay refused (`sync_parked`).
 * What a relay acknowledged or sent is marked per document (`record_docs.relay_sv`): a store
 * that left a team before the first connection was recorded is found by that, over the whole
 * store, before the first document is rewritten (doc-rewrite.ts).
 */
export class RewriteEligibility {
  private readonly teamSetting;
  private readonly parked;

  constructor(db: Db) {
    this.teamSetting = db.prepare("SELECT key FROM settings WHERE key LIKE 'sync.%' OR key LIKE 'secret.sync.%' OR key = 'team.connected_at' LIMIT 1").pluck();
    this.parked = db.prepare('SELECT 1 FROM sync_parked LIMIT 1');
  }

  historyShared(): string {
    const setting = this.teamSetting.get() as string | undefined;
    if (setting !== undefined) return `This store has been connected to a team (${setting}).`;
    if (this.parked.get() !== undefined) return 'This store has received updates from a team relay.';
    return NEVER_SHARED;
  }
}
