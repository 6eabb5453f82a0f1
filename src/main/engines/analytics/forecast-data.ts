import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { DealHistoryBuilder, STAGE_CODES, type DealHistory } from './deal-history';

/** Days since the epoch of an ISO date or date-time, in SQL. */
const DAYS = (expr: string) => `(julianday(${expr}) - 2440587.5)`;
const CODE = new Map<string, number>(STAGE_CODES.map((s, i) => [s, i]));

/**
 * Loads every live deal's stage history as a DealHistory: two index-ordered reads returned as
 * raw arrays, kept until a record is next written (`stamp`).
 */
export class DealHistoryLoader {
  private readonly statements: StatementCache;
  private readonly cache = new Map<string, { stamp: number; history: DealHistory }>();

  constructor(
    db: Db,
    private readonly stamp: () => number,
  ) {
    this.statements = new StatementCache(db);
  }

  load(owner: string | null): DealHistory {
    const key = owner ?? '';
    const stamp = this.stamp();
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit.history;
    const history = this.read(owner);
    if (this.cache.size > 50) this.cache.clear();
    this.cache.set(key, { stamp, history });
    return history;
  }

  private read(owner: string | null): DealHistory {
    const ownerSql = owner === null ? '' : 'AND o.owner = ?';
    const args = owner === null ? [] : [owner];
    const deals = this.statements
      .get(`SELECT o.id, ${DAYS('o.created_at')}, o.amount, ${DAYS('o.close_date')} FROM opportunities o WHERE o.deleted_at IS NULL ${ownerSql} ORDER BY o.id`)
      .raw()
      .all(...args) as [string, number, number | null, number | null][];
    const transitions = this.statements
      .get(
        `SELECT st.record_id, st.to_stage, ${DAYS('st.at')}, ${DAYS('st.close_date')} FROM stage_transitions st
         WHERE st.entity = 'opportunity' ORDER BY st.record_id, st.at`,
      )
      .raw()
      .all() as [string, string, number, number | null][];
    // Both lists are ordered by deal id: one merge pass pairs them without a lookup table.
    const b = new DealHistoryBuilder();
    let t = 0;
    for (const [id, created, amount, expectedNow] of deals) {
      while (t < transitions.length && transitions[t][0] < id) t++;
      b.deal(created, amount ?? 0, expectedNow ?? NaN);
      for (; t < transitions.length && transitions[t][0] === id; t++) {
        const code = CODE.get(transitions[t][1]);
        if (code !== undefined) b.transition(code, transitions[t][2], transitions[t][3] ?? NaN);
      }
    }
    return b.build();
  }
}
