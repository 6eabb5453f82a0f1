import type { Db } from '../../db/open-database';
import type { RecordChange, RecordsEngine } from '../records';
import { DAY_MS, type Period } from './periods';

/** Day number (days since 1970-01-01) of an ISO date or date-time column, in SQL. */
const SQL_DAY = (col: string) => `CAST(julianday(substr(${col}, 1, 10)) - 2440587.5 AS INTEGER)`;
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const monthOf = (iso: string) => iso.slice(0, 7);
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};

/** One month of live activities with a time, in time order, as compact columns. */
interface Month {
  contact: Int32Array;
  user: Int32Array;
  day: Int32Array;
}

/** What a cohort reading needs of a contact; kept current from the write path. */
interface ContactFacts {
  createdDay: number[];
  owner: number[];
  live: boolean[];
}

export interface ActivityScan {
  /** ISO dates: from included, to excluded. */
  from: string;
  to: string;
  /** Only the activities of this user (metrics) or of contacts assigned to them (cohorts). */
  owner: string | null;
}

/**
 * Activities (1M on the M store) as compact columns held in memory, one part per month of
 * `occurred_at`, so that cohorts and activity counts are a scan of typed arrays instead of a
 * grouped join over the table (~860 ms on a quarter of M). The first question reads every
 * month in one pass (the cold call); a write of an activity (local or remote, in its
 * transaction) drops the month(s) it touched, which are read again on the next question. Contacts' cohort
 * facts (creation day, owner, liveness) are small and updated in place by the same hook.
 * tests/main/engines/analytics/activity-index.test.ts checks the answers equal the SQL ones.
 */
export class ActivityIndex {
  private readonly months = new Map<string, Month>();
  private facts: ContactFacts | null = null;
  private readonly contactIndex = new Map<string, number>();
  private readonly userIndex = new Map<string, number>();
  /** The range of months holding activities (null until first read); months outside are empty. */
  private span: { first: string; last: string } | null = null;
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      month: db
        .prepare(
          `SELECT contact, user, ${SQL_DAY('occurred_at')}, substr(occurred_at, 1, 7) FROM activities
         WHERE deleted_at IS NULL AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at`,
        )
        .raw(),
      span: db
        .prepare('SELECT substr(min(occurred_at), 1, 7), substr(max(occurred_at), 1, 7) FROM activities WHERE deleted_at IS NULL AND occurred_at IS NOT NULL')
        .raw(),
      contacts: db.prepare(`SELECT id, ${SQL_DAY('created_at')}, assigned_to, deleted_at IS NULL FROM contacts`).raw(),
    };
  }

  attach(records: RecordsEngine): void {
    records.onWrite((change) => this.onWrite(change));
  }

  private onWrite(change: RecordChange): void {
    if (change.entity === 'activity') {
      for (const values of [change.before, change.after]) {
        const at = values?.occurred_at;
        if (typeof at !== 'string') continue;
        const month = monthOf(at);
        this.months.delete(month);
        if (this.span && month < this.span.first) this.span.first = month;
        if (this.span && month > this.span.last) this.span.last = month;
      }
    } else if (change.entity === 'contact' && this.facts) {
      const a = change.after;
      const i = this.contact(change.id);
      this.facts.createdDay[i] = typeof a.created_at === 'string' ? dayOf(a.created_at) : -1;
      this.facts.owner[i] = typeof a.assigned_to === 'string' ? this.user(a.assigned_to) : -1;
      this.facts.live[i] = !a.deleted_at;
    }
  }

  private contact(id: string): number {
    let i = this.contactIndex.get(id);
    if (i === undefined) {
      i = this.contactIndex.size;
      this.contactIndex.set(id, i);
      if (this.facts) {
        // Not seen yet (an activity naming a contact this install does not have): no cohort.
        this.facts.createdDay[i] = -1;
        this.facts.owner[i] = -1;
        this.facts.live[i] = false;
      }
    }
    return i;
  }

  private user(id: string): number {
    let i = this.userIndex.get(id);
    if (i === undefined) this.userIndex.set(id, (i = this.userIndex.size));
    return i;
  }

  private contactFacts(): ContactFacts {
    if (this.facts) return this.facts;
    const facts: ContactFacts = { createdDay: [], owner: [], live: [] };
    this.facts = facts;
    for (const [id, day, owner, live] of this.sql.contacts.iterate() as Iterable<[string, number | null, string | null, number]>) {
      const i = this.contact(id);
      facts.createdDay[i] = day ?? -1;
      facts.owner[i] = owner ? this.user(owner) : -1;
      facts.live[i] = live === 1;
    }
    return facts;
  }

  private monthSpan(): { first: string; last: string } {
    if (!this.span) {
      const [first, last] = this.sql.span.get() as [string | null, string | null];
      this.span = first && last ? { first, last } : { first: '9999-99', last: '0000-00' };
    }
    return this.span;
  }

  private month(key: string): Month | null {
    const span = this.monthSpan();
    if (key < span.first || key > span.last) return null;
    const cached = this.months.get(key);
    if (cached) return cached;
    // The first question reads every month in one pass; later ones only what writes dropped
    // (each run of consecutive dropped months in one query).
    let last = key;
    while (last < span.last && !this.months.has(nextMonth(last))) last = nextMonth(last);
    let first = key;
    while (first > span.first && !this.months.has(previousMonth(first))) first = previousMonth(first);
    this.load(first, last);
    return this.months.get(key)!;
  }

  private load(first: string, last: string): void {
    this.contactFacts();
    const rows = this.sql.month.all(`${first}-01`, `${nextMonth(last)}-01`) as [string | null, string | null, number, string][];
    const counts = new Map<string, number>();
    for (let m = first; m <= last; m = nextMonth(m)) counts.set(m, 0);
    for (const r of rows) counts.set(r[3], (counts.get(r[3]) ?? 0) + 1);
    const parts = new Map<string, Month & { n: number }>();
    for (const [m, n] of counts) parts.set(m, { contact: new Int32Array(n), user: new Int32Array(n), day: new Int32Array(n), n: 0 });
    for (const [contact, user, day, m] of rows) {
      const part = parts.get(m)!;
      const k = part.n++;
      part.contact[k] = contact ? this.contact(contact) : -1;
      part.user[k] = user ? this.user(user) : -1;
      part.day[k] = day;
    }
    for (const [m, part] of parts) this.months.set(m, { contact: part.contact, user: part.user, day: part.day });
  }

  /** Calls `visit(month)` for each month overlapping [from, to), oldest first. */
  private eachMonth(from: string, to: string, visit: (m: Month) => void): void {
    const end = dayOf(to);
    for (let at = Date.parse(`${from.slice(0, 7)}-01T00:00:00Z`); at < end * DAY_MS;) {
      const d = new Date(at);
      const part = this.month(d.toISOString().slice(0, 7));
      if (part) visit(part);
      at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
  }

  /** Activities per day label (`label(day)`) in the window, for the activities_count metric. */
  countByDay(scan: ActivityScan, label: (day: number) => string): Map<string, number> {
    const [lo, hi] = this.clamp(scan);
    const owner = scan.owner === null ? null : (this.userIndex.get(scan.owner) ?? -2);
    const counts = new Int32Array(Math.max(0, hi - lo));
    this.eachMonth(scan.from, scan.to, (m) => {
      for (let k = 0; k < m.day.length; k++) {
        const day = m.day[k];
        if (day < lo || day >= hi || (owner !== null && m.user[k] !== owner)) continue;
        counts[day - lo]++;
      }
    });
    const out = new Map<string, number>();
    counts.forEach((n, i) => {
      if (n === 0) return;
      const key = label(lo + i);
      out.set(key, (out.get(key) ?? 0) + n);
    });
    return out;
  }

  /** The window's days narrowed to the months that hold activities (a window may start in 2000). */
  private clamp(scan: ActivityScan): [number, number] {
    const span = this.monthSpan();
    if (span.first > span.last) return [0, 0];
    const [y, m] = span.last.split('-').map(Number);
    const lo = Math.max(dayOf(scan.from), dayOf(`${span.first}-01`));
    const hi = Math.min(dayOf(scan.to), Math.floor(Date.UTC(y, m, 1) / DAY_MS));
    return [lo, Math.max(lo, hi)];
  }

  /**
   * Cohort cells of `count` cohorts of contacts created in [from, to): their sizes per cohort,
   * and per (cohort, periods since) the distinct contacts active (`retention`) or the
   * activities (`activity`). `index(day)` is the period number of a day counted from `from`.
   */
  cohortCells(
    scan: ActivityScan,
    metric: 'retention' | 'activity',
    count: number,
    index: (day: number) => number,
  ): { sizes: Map<number, number>; cells: Map<string, number> } {
    const facts = this.contactFacts();
    const [lo, hi] = [dayOf(scan.from), dayOf(scan.to)];
    const periodOf = new Int32Array(Math.max(0, hi - lo));
    for (let d = lo; d < hi; d++) periodOf[d - lo] = index(d);
    const owner = scan.owner === null ? null : (this.userIndex.get(scan.owner) ?? -2);
    const cohortOf = new Int32Array(facts.live.length).fill(-1);
    const sizes = new Map<number, number>();
    for (let c = 0; c < facts.live.length; c++) {
      const created = facts.createdDay[c];
      if (!facts.live[c] || created < lo || created >= hi || (owner !== null && facts.owner[c] !== owner)) continue;
      cohortOf[c] = periodOf[created - lo];
      sizes.set(cohortOf[c], (sizes.get(cohortOf[c]) ?? 0) + 1);
    }
    const dense = new Float64Array(count * count);
    // Months are read oldest first and each in time order: a contact's periods only grow, so
    // "already counted in this period" is one number per contact.
    const counted = new Int32Array(facts.live.length).fill(-1);
    this.eachMonth(scan.from, scan.to, (m) => {
      for (let k = 0; k < m.day.length; k++) {
        const c = m.contact[k];
        const day = m.day[k];
        if (c < 0 || day < lo || day >= hi) continue;
        const ci = cohortOf[c];
        if (ci < 0) continue;
        const pi = periodOf[day - lo];
        if (pi < ci || pi >= count) continue;
        if (metric === 'retention') {
          if (counted[c] === pi) continue;
          counted[c] = pi;
        }
        dense[ci * count + (pi - ci)]++;
      }
    });
    const cells = new Map<string, number>();
    dense.forEach((v, i) => {
      if (v > 0) cells.set(`${Math.floor(i / count)}|${i % count}`, v);
    });
    return { sizes, cells };
  }
}

/** Period number of a day counted from the period starting at `fromMs` (day, week or month). */
export function periodIndexer(period: Period, fromMs: number): (day: number) => number {
  const first = Math.floor(fromMs / DAY_MS);
  if (period === 'day') return (day) => day - first;
  if (period === 'week') return (day) => Math.floor((day - first) / 7);
  const d = new Date(fromMs);
  const base = d.getUTCFullYear() * 12 + d.getUTCMonth();
  return (day) => {
    const t = new Date(day * DAY_MS);
    return t.getUTCFullYear() * 12 + t.getUTCMonth() - base;
  };
}
