import type { SqlPart } from './filter-condition';

/** A single-column ordering (plus the rowid tie-break) that pages can be resumed from. */
export interface Keyset {
  /** SQL of the ordering column, or `t.rowid` when rows are ordered by rowid alone. */
  expr: string;
  desc: boolean;
}

export interface Anchor {
  /** Sort value of the first row of a page (never null). */
  k: unknown;
  /** Its rowid. */
  r: number;
}

const MAX_QUERIES = 200;
const MAX_PAGES_PER_QUERY = 2_000;

/**
 * Where pages of recent list queries start, so a page that was seen (or follows one that
 * was) is read by seeking the index instead of skipping `OFFSET` rows: page 50,000 of a
 * million activities costs ~50 ms by OFFSET and ~1 ms from an anchor (measured, M dataset).
 * A far page never visited still falls back to the nearest anchor before it, or OFFSET.
 */
export class PageAnchors {
  private readonly queries = new Map<string, { changes: number; pages: Map<number, Anchor> }>();

  /** `changes` is the store's change stamp: anchors taken before any later write are dropped. */
  nearest(signature: string, page: number, changes: number): { page: number; anchor: Anchor } | null {
    const entry = this.queries.get(signature);
    if (!entry || entry.changes !== changes) return null;
    const pages = entry.pages;
    let best: { page: number; anchor: Anchor } | null = null;
    for (const [p, anchor] of pages) if (p <= page && (!best || p > best.page)) best = { page: p, anchor };
    return best;
  }

  remember(signature: string, changes: number, page: number, anchor: Anchor): void {
    let entry = this.queries.get(signature);
    if (!entry || entry.changes !== changes) {
      if (this.queries.size >= MAX_QUERIES) this.queries.clear();
      this.queries.set(signature, (entry = { changes, pages: new Map() }));
    }
    if (entry.pages.size >= MAX_PAGES_PER_QUERY) entry.pages.clear();
    entry.pages.set(page, anchor);
  }
}

/**
 * Rows at or after an anchor in the ordering. The first conjunct is an index range (a
 * seek); the second breaks ties on the anchor value by rowid.
 */
export function atOrAfter(keyset: Keyset, anchor: Anchor): SqlPart {
  if (keyset.expr === 't.rowid') return { sql: `t.rowid ${keyset.desc ? '<=' : '>='} ?`, params: [anchor.r] };
  const e = keyset.expr;
  return keyset.desc
    ? { sql: `${e} <= ? AND (${e} < ? OR t.rowid <= ?)`, params: [anchor.k, anchor.k, anchor.r] }
    : { sql: `${e} >= ? AND (${e} > ? OR t.rowid >= ?)`, params: [anchor.k, anchor.k, anchor.r] };
}
