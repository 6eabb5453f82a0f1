import { describe, expect, it } from 'vitest';
import { NEVER_SHARED, RewriteEligibility } from '../../../../src/main/engines/records/rewrite-eligibility';
import { tempStore } from '../../../helpers/temp-store';

/** What tells that a store's record histories may exist outside it (the rewrite then leaves them alone). */
describe('whether a store has ever shared its record histories', () => {
  it('a fresh store has not; a team setting, a relay secret, the first connection or a parked update says it has', () => {
    const { db } = tempStore();
    const check = new RewriteEligibility(db);
    expect(check.historyShared()).toBe(NEVER_SHARED);
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const del = db.prepare('DELETE FROM settings WHERE key = ?');
    for (const key of ['sync.config', 'sync.last_seq', 'sync.bootstrap', 'sync.removed', 'secret.sync.refresh_token', 'team.connected_at']) {
      put.run(key, 'x');
      expect(check.historyShared()).toContain(key);
      del.run(key);
    }
    // Other settings are no sign of a team.
    put.run('hlc', '1');
    expect(check.historyShared()).toBe(NEVER_SHARED);
    db.prepare(
      "INSERT INTO sync_parked (id, record_id, update_data, status, reason, detail, received_at) VALUES ('p', 'r', x'00', 'parked', 'future', '', '2026-01-01')",
    ).run();
    expect(check.historyShared()).toMatch(/received updates/);
  });
});
