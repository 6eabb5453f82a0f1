import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import type { RecordChange, RecordsEngine } from '../records';
import type { MetricSource } from './builtin-metrics';
import { periodLabel, periodStart, type Period } from './periods';

type Rows = unknown[][];

/** The entity whose writes change a source's rows, by the table its SQL reads. */
const ENTITY_OF_TABLE: Record<string, string> = { opportunities: 'opportunity', leads: 'lead', activities: 'activity' };

interface SourceMonths {
  entity: string;
  /** The record field the source dates its rows by (`t.actual_close_date` -> `actual_close_date`). */
  dateField: string;
  /** Month (`YYYY-MM`) -> the source's rows of that month grouped by day and owner. */
  months: Map<string, Rows>;
  /** The same summed over owners (by day), for questions about the whole team; derived when asked. */
  team: Map<string, Rows>;
}

const monthAfter = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};

/**
 * A built-in metric's rows kept per month, grouped by day and owner: any window, period and
 * owner is then a regrouping of cached rows (every built-in aggregate is a count or a sum, or
 * keeps its rows), instead of the grouped query over 50k deals each metric costs (~30 ms CPU
 * each on the M store, twelve per Monday screen). A month is read with the source's own SQL the
 * first time it is needed; a write of the source's entity (local or remote, in its
 * transaction) drops the months of the record's date before and after the write.
 * tests/main/engines/analytics/metric-months.test.ts checks the answers equal the direct SQL.
 */
export class MetricMonths {
  private readonly statements: StatementCache;
  private readonly sources = new Map<MetricSource, SourceMonths>();

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  attach(records: RecordsEngine): void {
    records.onWrite((change) => this.onWrite(change));
  }

  private onWrite(change: RecordChange): void {
    for (const s of this.sources.values()) {
      if (s.entity !== change.entity) continue;
      for (const values of [change.before, change.after]) {
        const at = values?.[s.dateField];
        if (typeof at !== 'string') continue;
        s.months.delete(at.slice(0, 7));
        s.team.delete(at.slice(0, 7));
      }
    }
  }

  /**
   * The rows `source` answers for the window, with the period label (or 'all') as bucket,
   * as its own SQL grouped by that bucket would return them (the caller combines them).
   */
  rows(source: MetricSource, w: { from: string; to: string; groupBy: Period | null; owner: string | null }): Rows | null {
    const s = this.months(source);
    if (!s) return null;
    const label = w.groupBy ? periodLabeler(w.groupBy) : () => 'all';
    const grouped = new Map<string, unknown[]>();
    const out: Rows = [];
    const months: string[] = [];
    for (let month = w.from.slice(0, 7); month < w.to.slice(0, 7) || (month === w.to.slice(0, 7) && !w.to.endsWith('-01')); month = monthAfter(month))
      months.push(month);
    this.load(
      source,
      s,
      months.filter((m) => !s.months.has(m)),
    );
    const team = w.owner === null && source.combine === 'sum';
    for (const month of months) {
      for (const row of team ? this.teamRows(s, month) : s.months.get(month)!) {
        const [day, owner] = [String(row[0]).slice(0, 10), String(row[0]).slice(11)];
        if (day < w.from || day >= w.to || (w.owner !== null && owner !== w.owner)) continue;
        const bucket = label(day);
        if (source.combine === 'rows') {
          out.push([bucket, ...row.slice(1)]);
          continue;
        }
        const acc = grouped.get(bucket);
        if (!acc) grouped.set(bucket, [bucket, ...row.slice(1)]);
        else for (let c = 1; c < row.length; c++) acc[c] = add(acc[c], row[c]);
      }
    }
    if (source.combine === 'rows')
      return out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : Number(a[1]) - Number(b[1])));
    return [...grouped.values()];
  }

  private months(source: MetricSource): SourceMonths | null {
    let s = this.sources.get(source);
    if (s) return s;
    const table = /FROM (\w+) t /.exec(source.sql)?.[1];
    const entity = table ? ENTITY_OF_TABLE[table] : undefined;
    const dateField = /^t\.(\w+)$/.exec(source.dateExpr)?.[1];
    // Sums and counts regroup; a min or max would too, but no built-in needs one.
    if (!entity || !dateField || (source.combine !== 'sum' && source.combine !== 'rows')) return null;
    s = { entity, dateField, months: new Map(), team: new Map() };
    this.sources.set(source, s);
    return s;
  }

  /** A month's rows summed over owners, by day (bucket `YYYY-MM-DD|`). */
  private teamRows(s: SourceMonths, month: string): Rows {
    let rows = s.team.get(month);
    if (rows) return rows;
    const byDay = new Map<string, unknown[]>();
    for (const row of s.months.get(month)!) {
      const day = String(row[0]).slice(0, 10);
      const acc = byDay.get(day);
      if (!acc) byDay.set(day, [`${day}|`, ...row.slice(1)]);
      else for (let c = 1; c < row.length; c++) acc[c] = add(acc[c], row[c]);
    }
    s.team.set(month, (rows = [...byDay.values()]));
    return rows;
  }

  /** Reads the missing months in one query over their span (the first question reads them all at once). */
  private load(source: MetricSource, s: SourceMonths, missing: string[]): void {
    if (missing.length === 0) return;
    const [first, last] = [missing[0], missing[missing.length - 1]];
    // Day and owner in one bucket: the source's GROUP BY 1 groups by both.
    const bucket = `substr(${source.dateExpr}, 1, 10) || '|' || coalesce(${source.ownerExpr}, '')`;
    const sql = source.sql.replace('%bucket', bucket).replace('%window', `${source.dateExpr} >= ? AND ${source.dateExpr} < ?`).replace('%owner', '');
    const read = new Map<string, Rows>();
    for (let m = first; m <= last; m = monthAfter(m)) read.set(m, []);
    for (const row of this.statements
      .get(sql)
      .raw()
      .all(`${first}-01`, `${monthAfter(last)}-01`) as Rows)
      read.get(String(row[0]).slice(0, 7))?.push(row);
    for (const [m, rows] of read) {
      s.months.set(m, rows);
      s.team.delete(m);
    }
  }
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a !== 'number') return b;
  if (typeof b !== 'number') return a;
  return a + b;
}

/** Day label (`YYYY-MM-DD`) -> its period's label, remembered (a window has a few hundred days). */
function periodLabeler(period: Period): (day: string) => string {
  const memo = new Map<string, string>();
  return (day) => {
    let label = memo.get(day);
    if (label === undefined) memo.set(day, (label = periodLabel(period, periodStart(period, Date.parse(`${day}T00:00:00Z`)))));
    return label;
  };
}
