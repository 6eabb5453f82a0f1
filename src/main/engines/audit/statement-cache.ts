import type { Db, Stmt } from '../../db/open-database';

/**
 * Prepared statements keyed by their SQL. Filtered lists build SQL from a closed set of
 * parts, so the number of distinct statements stays small; the cap is a guard.
 */
export class StatementCache {
  private readonly statements = new Map<string, Stmt>();

  constructor(private readonly db: Db, private readonly max = 500) {}

  get(sql: string): Stmt {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= this.max) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
