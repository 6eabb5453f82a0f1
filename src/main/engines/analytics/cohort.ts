import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { addPeriods, periodLabel, periodStart, round, sqlPeriodLabel, type Period } from './periods';
import { periodIndexer, type ActivityIndex } from './activity-index';
import type { WonDeals } from './won-deals';

export const COHORT_METRICS = ['retention', 'revenue', 'activity'] as const;
export type CohortMetric = (typeof COHORT_METRICS)[number];

export interface CohortRequest {
  metric: CohortMetric;
  period: Period;
  cohorts: number;
  owner: string | null;
  now: number;
}

/** When an activity happened; the (contact, occurred_at) index answers the cohort query alone. */
const ACTIVITY_AT = 'a.occurred_at';

/**
 * Cohorts of contacts by the period they were created in (by their first won deal for
 * revenue), over the last complete periods. A cohort only has the complete periods it has
 * lived through: the young ones are shorter, never padded with zeros.
 */
export class Cohorts {
  private readonly statements: StatementCache;

  /** With an activity index, retention and activity cohorts are read from it (same answers, see its tests). */
  constructor(
    db: Db,
    private readonly activities: ActivityIndex | null = null,
    private readonly won: WonDeals | null = null,
  ) {
    this.statements = new StatementCache(db);
  }

  run(req: CohortRequest) {
    const current = periodStart(req.period, req.now);
    const starts = Array.from({ length: req.cohorts }, (_, i) => addPeriods(req.period, current, i - req.cohorts));
    const from = new Date(starts[0]).toISOString().slice(0, 10);
    const to = new Date(current).toISOString().slice(0, 10);
    const { sizes, cells } = req.metric !== 'revenue' && this.activities ? this.fromIndex(req, this.activities, starts, from, to) : this.read(req, from, to);
    const cohorts = starts.map((start, i) => {
      const lived = req.cohorts - i;
      const size = sizes.get(periodLabel(req.period, start)) ?? 0;
      const periods: number[] = [];
      for (let k = 0; k < lived; k++) {
        const v = cells.get(`${i}|${k}`) ?? 0;
        if (req.metric === 'retention') periods.push(k === 0 ? (size > 0 ? 100 : 0) : size > 0 ? round((100 * v) / size) : 0);
        else periods.push(round(v));
      }
      const last = periods[periods.length - 1];
      const rate = req.metric === 'retention' ? (size > 0 ? last : null) : periods[0] > 0 ? round((100 * last) / periods[0]) : null;
      return { cohort: periodLabel(req.period, start), size, periods, retention_rate: rate };
    });
    const rated = cohorts.filter((c) => c.periods.length >= 2 && c.retention_rate !== null);
    const average = rated.length ? round(rated.reduce((a, c) => a + c.retention_rate!, 0) / rated.length) : null;
    // Cohorts of different ages are compared at the same age: their first period after joining.
    const best = rated.reduce<(typeof rated)[number] | null>((top, c) => (top === null || c.periods[1] > top.periods[1] ? c : top), null);
    return { metric: req.metric, period: req.period, cohorts, average_retention: average, best_cohort: best?.cohort ?? null };
  }

  private read(req: CohortRequest, from: string, to: string): { sizes: Map<string, number>; cells: Map<string, number> } {
    const label = (expr: string) => sqlPeriodLabel(req.period, expr);
    let sizeRows: [string, number][];
    let cellRows: [string, string, number][];
    if (req.metric === 'revenue' && this.won) {
      const read = this.won.cohorts(from, to, req.owner);
      const labelOf = dayLabeler(req.period);
      const sizes = new Map<string, number>();
      for (const first of read.firsts.values()) sizes.set(labelOf(first), (sizes.get(labelOf(first)) ?? 0) + 1);
      const rows = read.deals.map((d): [string, string, number] => [labelOf(read.firsts.get(d.contact)!), labelOf(d.closed), d.amount]);
      return { sizes, cells: this.cells(req, from, rows) };
    }
    if (req.metric === 'revenue') {
      const owner = req.owner ? 'AND o.owner = ?' : '';
      const firsts = `WITH firsts AS (
          SELECT o.contact AS c, min(o.actual_close_date) AS first FROM opportunities o
          WHERE o.deleted_at IS NULL AND o.stage = 'closed_won' AND o.actual_close_date IS NOT NULL ${owner}
          GROUP BY o.contact HAVING first >= ? AND first < ?)`;
      const args = req.owner ? [req.owner, from, to] : [from, to];
      sizeRows = this.statements
        .get(`${firsts} SELECT ${label('first')}, count(*) FROM firsts GROUP BY 1`)
        .raw()
        .all(...args) as [string, number][];
      cellRows = this.statements
        .get(
          `${firsts} SELECT ${label('f.first')}, ${label('o.actual_close_date')}, sum(o.amount) FROM firsts f
           JOIN opportunities o ON o.contact = f.c AND o.deleted_at IS NULL AND o.stage = 'closed_won' AND o.actual_close_date < '${to}' ${owner}
           GROUP BY 1, 2`,
        )
        .raw()
        .all(...args, ...(req.owner ? [req.owner] : [])) as [string, string, number][];
    } else {
      const where = `t.deleted_at IS NULL AND t.created_at >= ? AND t.created_at < ?${req.owner ? ' AND t.assigned_to = ?' : ''}`;
      const args = req.owner ? [from, to, req.owner] : [from, to];
      const value = req.metric === 'retention' ? 'count(DISTINCT a.contact)' : 'count(*)';
      sizeRows = this.statements
        .get(`SELECT ${label('t.created_at')}, count(*) FROM contacts t WHERE ${where} GROUP BY 1`)
        .raw()
        .all(...args) as [string, number][];
      cellRows = this.statements
        .get(
          `SELECT ${label('t.created_at')}, ${label(ACTIVITY_AT)}, ${value} FROM contacts t
           JOIN activities a ON a.contact = t.id AND a.deleted_at IS NULL AND ${ACTIVITY_AT} < '${to}'
           WHERE ${where} GROUP BY 1, 2`,
        )
        .raw()
        .all(...args) as [string, string, number][];
    }
    return { sizes: new Map(sizeRows), cells: this.cells(req, from, cellRows) };
  }

  private fromIndex(req: CohortRequest, index: ActivityIndex, starts: number[], from: string, to: string) {
    const metric = req.metric as 'retention' | 'activity';
    const read = index.cohortCells({ from, to, owner: req.owner }, metric, req.cohorts, periodIndexer(req.period, starts[0]));
    const sizes = new Map<string, number>();
    for (const [i, n] of read.sizes) sizes.set(periodLabel(req.period, starts[i]), n);
    return { sizes, cells: read.cells };
  }

  /** `${cohort index}|${periods since}` -> value, from period labels. */
  private cells(req: CohortRequest, from: string, rows: [string, string, number][]): Map<string, number> {
    const first = Date.parse(`${from}T00:00:00Z`);
    const labels = new Map<string, number>();
    for (let i = 0, at = first; i <= 2 * req.cohorts; i++, at = addPeriods(req.period, at, 1)) labels.set(periodLabel(req.period, at), i);
    const out = new Map<string, number>();
    for (const [cohort, at, v] of rows) {
      const c = labels.get(cohort);
      const p = labels.get(at);
      if (c === undefined || p === undefined || p < c) continue;
      out.set(`${c}|${p - c}`, (out.get(`${c}|${p - c}`) ?? 0) + v);
    }
    return out;
  }
}

/** A day's (`YYYY-MM-DD`) period label, as sqlPeriodLabel gives it; remembered per day. */
function dayLabeler(period: Period): (day: string) => string {
  const memo = new Map<string, string>();
  return (day) => {
    let label = memo.get(day);
    if (label === undefined) memo.set(day, (label = periodLabel(period, periodStart(period, Date.parse(`${day}T00:00:00Z`)))));
    return label;
  };
}
