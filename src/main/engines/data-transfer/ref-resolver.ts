import type { Db, Stmt } from '../../db/open-database';
import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';

/** Extra names a person may type for a user in a CSV (`owner`, `assigned_to`). */
const EXTRA_LOOKUPS: Record<string, string[]> = { user: ['full_name'] };

/**
 * A CSV names linked records the way people do: `Acme` for a company, a username or email for
 * a user. A cell that is a live record's id stays as is; otherwise exactly one live record
 * matching the target's lookup fields (any case) gives the id. Anything else is passed on for
 * the write path to refuse with its usual message. Answers are cached for one import.
 */
export class RefResolver {
  private readonly cache = new Map<string, string>();
  private readonly statements = new Map<string, Stmt>();

  constructor(private readonly db: Db) {}

  resolve(targetName: string, value: string): string {
    const key = `${targetName}\u0000${value.toLowerCase()}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const target = entityByName(targetName);
    const resolved = target ? this.lookup(target, value) : value;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, resolved);
    return resolved;
  }

  private lookup(target: EntityDef, value: string): string {
    if (this.statement(target, 'id', false).get(value)) return value;
    for (const field of [...target.lookupFields, ...(EXTRA_LOOKUPS[target.name] ?? [])]) {
      const found = this.statement(target, field, true).all(value) as { id: string }[];
      if (found.length === 1) return found[0].id;
      if (found.length > 1) return value;
    }
    return value;
  }

  private statement(target: EntityDef, field: string, folded: boolean): Stmt {
    const key = `${target.table}.${field}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const where = folded ? `${field} = ? COLLATE NOCASE` : `${field} = ?`;
      stmt = this.db.prepare(`SELECT id FROM ${target.table} WHERE ${where} AND deleted_at IS NULL LIMIT 2`);
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}
