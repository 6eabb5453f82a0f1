import type { Db } from '../../db/open-database';
import type { RecordsEngine, WriteContext } from '../records';

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

const KIND = 'metric_definition';
const COLUMNS = `id, name, coalesce(label, name) AS label, coalesce(description, '') AS description, entity, aggregate, field,
  coalesce(filter, '') AS filter, coalesce(date_field, 'created_at') AS date_field, created_by, created_at, updated_at`;

/**
 * Where the team's metric definitions live: list, get, put, delete and nothing else. They are
 * a shared kind (synced with the team): writes go through the records engine, which keeps
 * their documents and projects them into `metric_definitions`; reads are of that table, so a
 * teammate's definition is here as soon as it arrives. Names are unique per install's writes;
 * two added concurrently on two installs both stay, the older answers to the name.
 */
export class MetricDefinitionStore {
  private readonly sql;

  constructor(
    db: Db,
    private readonly records: RecordsEngine,
  ) {
    this.sql = {
      list: db.prepare(`SELECT ${COLUMNS} FROM metric_definitions WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, created_at, id`),
      get: db.prepare(`SELECT ${COLUMNS} FROM metric_definitions WHERE id = ? AND deleted_at IS NULL`),
      byName: db.prepare(`SELECT ${COLUMNS} FROM metric_definitions WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1`),
      state: db.prepare('SELECT deleted_at FROM metric_definitions WHERE id = ?'),
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

  /** Creates or updates (restoring a deleted one) through the write path; the author is the actor. */
  put(row: MetricDefinitionRow, actor: string | null = row.created_by): void {
    const ctx: WriteContext = { actor, origin: 'api' };
    const values = {
      name: row.name,
      label: row.label,
      description: row.description,
      entity: row.entity,
      aggregate: row.aggregate,
      field: row.field,
      filter: row.filter,
      date_field: row.date_field,
    };
    this.records.transaction(() => {
      const stored = this.sql.state.get(row.id) as { deleted_at: string | null } | undefined;
      if (!stored) {
        this.records.create(KIND, values, ctx, row.id);
        return;
      }
      if (stored.deleted_at) this.records.restore(KIND, row.id, ctx);
      this.records.update(KIND, row.id, values, ctx);
    });
  }

  delete(id: string, actor: string | null = null): void {
    if (this.get(id)) this.records.remove(KIND, id, { actor, origin: 'api' });
  }
}
