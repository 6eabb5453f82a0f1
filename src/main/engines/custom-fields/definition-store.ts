import type { Db } from '../../db/open-database';
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

/**
 * The definitions table and an in-memory copy of it: the write path asks for an entity's
 * fields on every record write, so reads never touch SQLite; every definition write reloads.
 */
export class DefinitionStore {
  private byEntity = new Map<string, CustomFieldDef[]>();
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = {
      all: db.prepare('SELECT id, entity, name, definition, created_at, updated_at, deleted_at FROM custom_fields'),
      insert: db.prepare('INSERT INTO custom_fields (id, entity, name, definition, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE custom_fields SET definition = ?, updated_at = ?, deleted_at = ? WHERE id = ?'),
      groups: db.prepare('SELECT * FROM custom_field_groups WHERE deleted_at IS NULL ORDER BY entity, sort_order, name'),
      group: db.prepare('SELECT * FROM custom_field_groups WHERE id = ? AND deleted_at IS NULL'),
      insertGroup: db.prepare('INSERT INTO custom_field_groups (id, entity, name, description, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      updateGroup: db.prepare('UPDATE custom_field_groups SET name = ?, description = ?, sort_order = ?, updated_at = ?, deleted_at = ? WHERE id = ?'),
    };
    this.reload();
  }

  reload(): void {
    const next = new Map<string, CustomFieldDef[]>();
    for (const row of this.sql.all.all() as StoredRow[]) {
      const def: CustomFieldDef = {
        ...(JSON.parse(row.definition) as DefinitionAttributes),
        id: row.id, entity: row.entity, name: row.name,
        created_at: row.created_at, updated_at: row.updated_at, deleted_at: row.deleted_at,
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

  insert(id: string, entity: string, attrs: DefinitionAttributes, actor: string | null, at: string): void {
    this.sql.insert.run(id, entity, attrs.name, JSON.stringify(attrs), actor, at, at);
  }

  update(id: string, attrs: DefinitionAttributes, at: string, deletedAt: string | null): void {
    this.sql.update.run(JSON.stringify(attrs), at, deletedAt, id);
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

  insertGroup(g: Omit<GroupRow, 'deleted_at' | 'updated_at'>): void {
    this.sql.insertGroup.run(g.id, g.entity, g.name, g.description, g.sort_order, g.created_at, g.created_at);
  }

  updateGroup(g: GroupRow): void {
    this.sql.updateGroup.run(g.name, g.description, g.sort_order, g.updated_at, g.deleted_at, g.id);
  }
}
