import type { Db } from '../../db/open-database';
import { tablesOf } from './page-anchors';

const MAX_ENTRIES = 500;

/**
 * Result counts of list queries, kept until a table they read changes. Counting a filter
 * over a million rows takes tens of milliseconds even index-only (measured on the M
 * dataset), and paging through one list asks the same count again on every page.
 */
export class CountCache {
  private readonly entries = new Map<string, { n: number; tables: string[] }>();

  constructor(private readonly db: Db) {}

  count(sql: string, params: unknown[]): number {
    const key = `${sql}|${JSON.stringify(params)}`;
    const cached = this.entries.get(key);
    if (cached) return cached.n;
    const n = this.db.prepare(sql).pluck().get(...params) as number;
    // Inside a transaction the count may include writes that are later rolled back.
    if (this.db.inTransaction) return n;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    // Relation filters and name lookups read other tables; their changes invalidate too.
    const tables = tablesOf(sql);
    this.entries.set(key, { n, tables });
    return n;
  }

  /** Forgets every count that read this table (or its search index, or record_tags). */
  invalidate(table: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.tables.includes(table) || entry.tables.includes('record_tags')) this.entries.delete(key);
    }
  }
}
