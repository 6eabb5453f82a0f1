import type { Db } from '../../db/open-database';
import type { RecordsEngine } from '../records';

/** A won deal as revenue cohorts read it. */
interface Won {
  contact: string | null;
  owner: string | null;
  /** Actual close date, `YYYY-MM-DD`. */
  closed: string;
  amount: number;
}

/**
 * The won deals (a few tens of thousands on the M store) held in memory for revenue cohorts,
 * which otherwise group and join them in SQL on every question (~110 ms CPU on M). Any write
 * of a deal (local or remote, in its transaction) drops the list; the next question reads it
 * again (one indexed query). tests/main/engines/analytics/won-deals.test.ts checks the answers
 * equal the SQL ones.
 */
export class WonDeals {
  private list: Won[] | null = null;
  private readonly read;

  constructor(db: Db) {
    this.read = db
      .prepare(
        `SELECT contact, owner, substr(actual_close_date, 1, 10), amount FROM opportunities
       WHERE deleted_at IS NULL AND stage = 'closed_won' AND actual_close_date IS NOT NULL`,
      )
      .raw();
  }

  attach(records: RecordsEngine): void {
    records.onWrite((change) => {
      if (change.entity === 'opportunity') this.list = null;
    });
  }

  private deals(): Won[] {
    if (!this.list) {
      this.list = (this.read.all() as [string | null, string | null, string, number | null][]).map(([contact, owner, closed, amount]) => ({
        contact,
        owner,
        closed,
        amount: amount ?? 0,
      }));
    }
    return this.list;
  }

  /**
   * Revenue cohorts as cohort.ts's SQL reads them: contacts by the day of their first won deal
   * in [from, to) (`firsts`, by contact; deals with no contact make one group, as GROUP BY
   * does), and every won deal of those contacts closed before `to`, with its amount.
   */
  cohorts(from: string, to: string, owner: string | null): { firsts: Map<string | null, string>; deals: Won[] } {
    const firsts = new Map<string | null, string>();
    const mine = this.deals().filter((d) => owner === null || d.owner === owner);
    for (const d of mine) {
      const f = firsts.get(d.contact);
      if (f === undefined || d.closed < f) firsts.set(d.contact, d.closed);
    }
    for (const [c, f] of firsts) if (f < from || f >= to) firsts.delete(c);
    return { firsts, deals: mine.filter((d) => d.contact !== null && firsts.has(d.contact) && d.closed < to) };
  }
}
