import type { Db } from '../../db/open-database';

export interface MetricDefinitionRow {
  id: string;
  name: string;
  label: string;
  description: string;
  entity: string;
  aggregate: string;
  field: string | null;
  filter: string;
  date_field: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Where the team's metric definitions live: list, get, put, delete and nothing else, so moving
 * them to a synced document store is a change of this file only. Local table for now
 * (migration 0010).
 */
export class MetricDefinitionStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      list: db.prepare('SELECT * FROM metric_definitions ORDER BY name COLLATE NOCASE'),
      get: db.prepare('SELECT * FROM metric_definitions WHERE id = ?'),
      byName: db.prepare('SELECT * FROM metric_definitions WHERE name = ? COLLATE NOCASE'),
      put: db.prepare(
        `INSERT INTO metric_definitions (id, name, label, description, entity, aggregate, field, filter, date_field, created_by, created_at, updated_at)
         VALUES (@id, @name, @label, @description, @entity, @aggregate, @field, @filter, @date_field, @created_by, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, label = excluded.label, description = excluded.description,
           entity = excluded.entity, aggregate = excluded.aggregate, field = excluded.field, filter = excluded.filter,
           date_field = excluded.date_field, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare('DELETE FROM metric_definitions WHERE id = ?'),
    };
  }

  list(): MetricDefinitionRow[] {
    return this.sql.list.all() as MetricDefinitionRow[];
  }

  get(id: string): MetricDefinitionRow | undefined {
    return this.sql.get.get(id) as MetricDefinitionRow | undefined;
  }

  byName(name: string): MetricDefinitionRow | undefined {
    return this.sql.byName.get(name) as MetricDefinitionRow | undefined;
  }

  put(row: MetricDefinitionRow): void {
    this.sql.put.run(row);
  }

  delete(id: string): void {
    this.sql.remove.run(id);
  }
}
