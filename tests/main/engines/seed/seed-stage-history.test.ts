import { describe, expect, it, onTestFinished } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../../../src/main/app/create-engine';
import { SeedClock, seedStore } from '../../../../src/main/engines/seed';
import { tempDir } from '../../../helpers/temp-store';

const NOW = new Date('2025-06-01T00:00:00Z');
const COUNTS = { user: 3, company: 20, contact: 100, lead: 150, opportunity: 300, task: 0, activity: 0 };

describe('seeded stage history', () => {
  it('has skipped and reversed stages, pushed close dates and lost deals, consistent with each deal as it ends', async () => {
    const dir = tempDir();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new SeedClock(NOW.getTime());
    const engine = createEngine({ dataDir: join(dir, 'store'), clock });
    try {
      await seedStore({ ...engine, clock }, { counts: COUNTS, seed: 3, now: NOW });
      const db = engine.db;
      const one = (sql: string) => db.prepare(sql).pluck().get() as number;
      const rank = (col: string) => `CASE ${col} WHEN 'prospecting' THEN 0 WHEN 'qualification' THEN 1 WHEN 'proposal' THEN 2 WHEN 'negotiation' THEN 3 END`;
      const moves =
        "FROM stage_transitions WHERE entity = 'opportunity' AND from_stage IN ('prospecting', 'qualification', 'proposal', 'negotiation') AND to_stage IN ('prospecting', 'qualification', 'proposal', 'negotiation')";
      expect(one(`SELECT count(*) ${moves} AND ${rank('to_stage')} - ${rank('from_stage')} >= 2`), 'skipped stages').toBeGreaterThan(0);
      expect(one(`SELECT count(*) ${moves} AND ${rank('to_stage')} < ${rank('from_stage')}`), 'reversed stages').toBeGreaterThan(0);
      expect(one("SELECT count(*) FROM stage_transitions WHERE entity = 'opportunity' AND to_stage = 'closed_lost'"), 'lost deals').toBeGreaterThan(0);
      // A close date pushed out after the last stage move shows as a slip against the date known then.
      expect(
        one(`SELECT count(*) FROM opportunities o WHERE o.stage NOT IN ('closed_won', 'closed_lost') AND o.close_date > (
        SELECT st.close_date FROM stage_transitions st WHERE st.record_id = o.id ORDER BY st.at DESC LIMIT 1)`),
        'pushed close dates',
      ).toBeGreaterThan(0);
      // Every deal and lead has its first stage, and its last recorded stage is the one it has now.
      expect(
        one('SELECT count(*) FROM opportunities o WHERE NOT EXISTS (SELECT 1 FROM stage_transitions st WHERE st.record_id = o.id AND st.from_stage IS NULL)'),
      ).toBe(0);
      for (const [table, column, entity] of [
        ['opportunities', 'stage', 'opportunity'],
        ['leads', 'status', 'lead'],
      ]) {
        expect(
          one(`SELECT count(*) FROM ${table} t WHERE t.${column} IS NOT (
          SELECT st.to_stage FROM stage_transitions st WHERE st.entity = '${entity}' AND st.record_id = t.id ORDER BY st.at DESC LIMIT 1)`),
          table,
        ).toBe(0);
      }
      // Won deals closed on the day their last transition says.
      expect(
        one(
          "SELECT count(*) FROM opportunities o WHERE o.stage = 'closed_won' AND o.actual_close_date IS NOT (SELECT substr(max(st.at), 1, 10) FROM stage_transitions st WHERE st.record_id = o.id)",
        ),
      ).toBe(0);
    } finally {
      engine.close();
    }
  }, 60_000);
});
