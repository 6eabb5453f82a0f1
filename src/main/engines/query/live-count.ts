import type { Db } from '../../db/open-database';
import type { StatementCache } from '../../db/statement-cache';
import type { EntityDef } from '../../../shared/entities/field-def';

/**
 * Counts the live rows of a table through its partial index of live rows
 * (`<table>_live_created ... WHERE deleted_at IS NULL`), which SQLite's planner does not pick
 * for a count on its own: it scanned the table instead (1M activities: 1.1-1.8 s on the loaded
 * M machine; 100k contacts 120-420 ms, through the index 3-64 ms).
 */
export class LiveCount {
  private readonly indexed = new Map<string, string | null>();

  constructor(
    private readonly db: Db,
    private readonly statements: StatementCache,
  ) {}

  /** The count, or null when the table has no such index (the caller counts as usual). */
  count(entity: EntityDef): number | null {
    const index = this.indexOf(entity.table);
    if (!index) return null;
    return this.statements.count(`SELECT count(*) FROM ${entity.table} t INDEXED BY ${index} WHERE t.deleted_at IS NULL`, []);
  }

  private indexOf(table: string): string | null {
    let index = this.indexed.get(table);
    if (index === undefined) {
      const name = `${table}_live_created`;
      const sql = this.db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ? AND tbl_name = ?").pluck().get(name, table) as
        string | undefined;
      index = sql && /WHERE\s+deleted_at\s+IS\s+NULL\s*$/i.test(sql) ? name : null;
      this.indexed.set(table, index);
    }
    return index;
  }
}
