import type { Db } from '../../db/open-database';
import type { RecordsEngine, WriteContext } from '../records';
import { entityByName } from '../../../shared/entities/entities';
import { MULTI_CHOICE_TYPES, NAME_RE, valueExpr, type CustomFieldDef, type DefinitionAttributes } from './field-types';

interface StoredRow {
  id: string;
  entity: string;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface GroupRow {
  id: string;
  entity: string;
  name: string;
  description: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const GROUP_COLUMNS = 'id, entity, name, description, sort_order, created_at, updated_at, deleted_at';

/**
 * The definitions table and an in-memory copy of it: the write path asks for an entity's
 * fields on every record write, so reads never touch SQLite; every definition write reloads.
 * Definitions and groups are shared kinds (synced documents): writes go through the records
 * engine, which projects them into these tables, and a teammate's change reloads the copy.
 */
export class DefinitionStore {
  private byEntity = new Map<string, CustomFieldDef[]>();
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly records: RecordsEngine,
  ) {
    this.sql = {
      all: db.prepare('SELECT id, entity, name, definition, created_at, updated_at, deleted_at FROM custom_fields ORDER BY id'),
      deletedAt: db.prepare('SELECT deleted_at FROM custom_fields WHERE id = ? UNION ALL SELECT deleted_at FROM custom_field_groups WHERE id = ?'),
      groups: db.prepare(`SELECT ${GROUP_COLUMNS} FROM custom_field_groups WHERE deleted_at IS NULL ORDER BY entity, sort_order, name`),
      group: db.prepare(`SELECT ${GROUP_COLUMNS} FROM custom_field_groups WHERE id = ? AND deleted_at IS NULL`),
    };
    this.reload();
  }

  /** Writes a shared kind's values and its deleted state through the write path. */
  private save(kind: string, id: string, values: Record<string, unknown>, deletedAt: string | null, actor: string | null): void {
    const ctx: WriteContext = { actor, origin: 'api' };
    this.records.transaction(() => {
      const row = this.sql.deletedAt.get(id, id) as { deleted_at: string | null } | undefined;
      if (!row) {
        this.records.create(kind, values, ctx, id);
        if (deletedAt) this.records.remove(kind, id, ctx);
        return;
      }
      if (row.deleted_at && !deletedAt) this.records.restore(kind, id, ctx);
      if (!row.deleted_at || !deletedAt) this.records.update(kind, id, values, ctx);
      if (!row.deleted_at && deletedAt) this.records.remove(kind, id, ctx);
    });
  }

  reload(): void {
    const next = new Map<string, CustomFieldDef[]>();
    for (const row of this.sql.all.all() as StoredRow[]) {
      const def: CustomFieldDef = {
        ...(JSON.parse(row.definition) as DefinitionAttributes),
        id: row.id,
        entity: row.entity,
        name: row.name,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
      };
      let list = next.get(row.entity);
      if (!list) next.set(row.entity, (list = []));
      list.push(def);
    }
    for (const list of next.values()) list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    this.byEntity = next;
  }

  /** Every definition of the entity, deleted ones included, in form order. */
  all(entity: string): readonly CustomFieldDef[] {
    return this.byEntity.get(entity) ?? [];
  }

  /** Live (not deleted) definitions of the entity. */
  live(entity: string): CustomFieldDef[] {
    return this.all(entity).filter((d) => !d.deleted_at);
  }

  everything(): CustomFieldDef[] {
    return [...this.byEntity.values()].flat();
  }

  byId(id: string): CustomFieldDef | undefined {
    for (const list of this.byEntity.values()) {
      const found = list.find((d) => d.id === id);
      if (found) return found;
    }
    return undefined;
  }

  byName(entity: string, name: string): CustomFieldDef | undefined {
    return this.all(entity).find((d) => d.name === name);
  }

  insert(id: string, entity: string, attrs: DefinitionAttributes, actor: string | null): void {
    this.save('custom_field', id, { entity, name: attrs.name, definition: attrs }, null, actor);
  }

  update(id: string, attrs: DefinitionAttributes, deletedAt: string | null, actor: string | null = null): void {
    this.save('custom_field', id, { definition: attrs }, deletedAt, actor);
  }

  /**
   * One partial expression index per filterable scalar field, on the very expression the
   * filters use, so `cf_x__gte=` and `ordering=-cf_x` are index range scans over live rows.
   */
  syncIndex(def: CustomFieldDef): void {
    const table = entityByName(def.entity)?.table;
    if (!table || !NAME_RE.test(def.name)) return;
    const index = `cf_${table}_${def.name}`;
    if (def.is_filterable && !def.deleted_at && !MULTI_CHOICE_TYPES.includes(def.field_type)) {
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${index} ON ${table}(${valueExpr(def.name, '')}, id) WHERE deleted_at IS NULL`);
    } else {
      this.db.exec(`DROP INDEX IF EXISTS ${index}`);
    }
  }

  groups(): GroupRow[] {
    return this.sql.groups.all() as GroupRow[];
  }

  group(id: string): GroupRow | undefined {
    return this.sql.group.get(id) as GroupRow | undefined;
  }

  insertGroup(g: Omit<GroupRow, 'deleted_at' | 'updated_at' | 'created_at'>, actor: string | null = null): void {
    this.save('custom_field_group', g.id, { entity: g.entity, name: g.name, description: g.description, sort_order: g.sort_order }, null, actor);
  }

  updateGroup(g: Omit<GroupRow, 'updated_at' | 'created_at'>, actor: string | null = null): void {
    this.save('custom_field_group', g.id, { name: g.name, description: g.description, sort_order: g.sort_order }, g.deleted_at, actor);
  }
}
