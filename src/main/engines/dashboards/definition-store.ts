import type { Db } from '../../db/open-database';

/** A team-shared definition as stored: owner, a JSON body, and times. */
export interface StoredDefinition<T> {
  id: string;
  owner_id: string;
  definition: T;
  created_at: string;
  updated_at: string;
}

interface Row {
  id: string;
  owner_id: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

/**
 * The one door to a kind of team-shared definition (widgets, dashboards): list, get, put,
 * delete. Moving the kind to the synced document store replaces this module and nothing else.
 */
export class DefinitionStore<T> {
  private readonly sql;
  /**
   * Every definition parsed once and kept until this store writes: widget data reads check
   * visibility against every dashboard, and the cached read path must stay well under 5 ms.
   * This module is the only writer of its table, so the copy cannot go stale.
   */
  private all: Map<string, StoredDefinition<T>> | null = null;

  constructor(db: Db, table: 'widgets' | 'dashboards') {
    this.sql = {
      all: db.prepare(`SELECT * FROM ${table} ORDER BY created_at, id`),
      put: db.prepare(
        `INSERT INTO ${table} (id, owner_id, definition, created_at, updated_at) VALUES (@id, @owner_id, @definition, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare(`DELETE FROM ${table} WHERE id = ?`),
    };
  }

  list(): StoredDefinition<T>[] {
    return [...this.loaded().values()];
  }

  get(id: string): StoredDefinition<T> | undefined {
    return this.loaded().get(id);
  }

  put(item: StoredDefinition<T>): void {
    this.all = null;
    this.sql.put.run({ ...item, definition: JSON.stringify(item.definition) });
  }

  delete(id: string): void {
    this.all = null;
    this.sql.remove.run(id);
  }

  private loaded(): Map<string, StoredDefinition<T>> {
    this.all ??= new Map((this.sql.all.all() as Row[]).map((row) => [row.id, parse<T>(row)]));
    return this.all;
  }
}

function parse<T>(row: Row): StoredDefinition<T> {
  return { ...row, definition: JSON.parse(row.definition) as T };
}
