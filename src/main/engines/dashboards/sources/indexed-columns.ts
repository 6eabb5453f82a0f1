import type { Db } from '../../../db/open-database';

/**
 * Which columns lead an index of their table (partial indexes included), read once per table
 * from the schema: a source reads bucket by bucket only where each bucket is an index range.
 */
export class IndexedColumns {
  private readonly byTable = new Map<string, Set<string>>();

  constructor(private readonly db: Db) {}

  /** Whether `expr` is a plain column of the table (`t.<name>`) that leads one of its indexes. */
  leads(table: string, expr: string): boolean {
    const column = /^t\.(\w+)$/.exec(expr)?.[1];
    return column !== undefined && this.leadingColumns(table).has(column);
  }

  private leadingColumns(table: string): Set<string> {
    let set = this.byTable.get(table);
    if (!set) {
      set = new Set();
      for (const index of this.db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(table) as string[]) {
        const first = this.db.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').pluck().get(index) as string | null | undefined;
        if (first) set.add(first);
      }
      this.byTable.set(table, set);
    }
    return set;
  }
}
