import type { Db } from '../../db/open-database';
import type { RecordsEngine, WriteContext } from '../records';
import { validationError } from '../../../shared/errors';

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

const TABLES = { widget: 'widgets', dashboard: 'dashboards' } as const;
/** A synced JSON value's limit (the write path refuses more); named here by what makes a definition big. */
const MAX_DEFINITION_BYTES = 10_000;
const BIG_PART = { widget: 'query_params', dashboard: 'layout' } as const;

/**
 * The one door to a kind of team-shared definition (widgets, dashboards): list, get, put,
 * delete. Both are shared kinds, synced with the team: writes go through the records engine,
 * which keeps their documents and projects them into the kind's table (a delete is a
 * soft delete there, so it syncs too).
 */
export class DefinitionStore<T extends { name?: string }> {
  private readonly sql;
  /**
   * Every live definition parsed once and kept until a write of this kind, local or from a
   * teammate (the write path's hook drops it): widget data reads check visibility against
   * every dashboard, and the cached read path must stay well under 5 ms.
   */
  private all: Map<string, StoredDefinition<T>> | null = null;

  constructor(
    db: Db,
    private readonly records: RecordsEngine,
    private readonly kind: keyof typeof TABLES,
  ) {
    const table = TABLES[kind];
    this.sql = {
      all: db.prepare(`SELECT id, owner_id, definition, created_at, updated_at FROM ${table} WHERE deleted_at IS NULL ORDER BY created_at, id`),
      state: db.prepare(`SELECT deleted_at FROM ${table} WHERE id = ?`),
    };
    records.onWrite((change) => {
      if (change.entity === kind) this.all = null;
    });
  }

  list(): StoredDefinition<T>[] {
    return [...this.loaded().values()];
  }

  get(id: string): StoredDefinition<T> | undefined {
    return this.loaded().get(id);
  }

  /** Creates or updates (restoring a deleted one); the actor defaults to the owner. */
  put(item: StoredDefinition<T>, actor: string | null = item.owner_id): void {
    if (JSON.stringify(item.definition).length > MAX_DEFINITION_BYTES) {
      throw validationError({
        [BIG_PART[this.kind]]: [`This ${this.kind} is too large to share with the team (at most ${MAX_DEFINITION_BYTES} bytes in all); remove some of it.`],
      });
    }
    const ctx: WriteContext = { actor, origin: 'api' };
    const values = { owner_id: item.owner_id, name: typeof item.definition.name === 'string' ? item.definition.name : null, definition: item.definition };
    this.all = null;
    this.records.transaction(() => {
      const stored = this.sql.state.get(item.id) as { deleted_at: string | null } | undefined;
      if (!stored) {
        this.records.create(this.kind, values, ctx, item.id);
        return;
      }
      if (stored.deleted_at) this.records.restore(this.kind, item.id, ctx);
      this.records.update(this.kind, item.id, values, ctx);
    });
  }

  delete(id: string, actor: string | null = null): void {
    this.all = null;
    if (this.get(id)) this.records.remove(this.kind, id, { actor, origin: 'api' });
  }

  private loaded(): Map<string, StoredDefinition<T>> {
    this.all ??= new Map((this.sql.all.all() as Row[]).map((row) => [row.id, parse<T>(row)]));
    return this.all;
  }
}

function parse<T>(row: Row): StoredDefinition<T> {
  return { ...row, definition: JSON.parse(row.definition) as T };
}
