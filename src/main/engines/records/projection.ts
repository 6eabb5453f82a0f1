import type { Db } from '../../db/open-database';
import { allFields, CUSTOM_FIELD_PREFIX, type EntityDef, type FieldDef } from '../../../shared/entities/field-def';
import { canonicalJson, tagsOf, type Winners } from '../../../shared/record-doc/doc-format';
import { objectOr } from '../../core/json-object';

/** A projected row as stored in SQLite (booleans as 0/1, lists and objects as JSON text). */
export type Row = Record<string, unknown> & { id: string };

function toColumn(def: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return def.kind === 'tags' ? '[]' : null;
  switch (def.kind) {
    case 'bool':
      return value ? 1 : 0;
    case 'tags':
    case 'json':
      return JSON.stringify(value);
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : Number(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Values no client sets: derived from the others on every peer alike. */
function computed(entity: EntityDef, v: Record<string, unknown>): Record<string, unknown> {
  if (entity.name === 'user') {
    return { full_name: [v.first_name, v.last_name].filter(Boolean).join(' ') || (v.username ?? null) };
  }
  if (entity.name === 'opportunity') {
    const amount = typeof v.amount === 'number' ? v.amount : null;
    const probability = typeof v.probability === 'number' ? v.probability : 0;
    return { weighted_amount: amount === null ? null : Math.round(amount * probability) / 100 };
  }
  return {};
}

/**
 * Remote documents are input from outside: a value of the wrong shape (a peer on another
 * version, a corrupted frame) projects as null instead of breaking the row or the UI.
 */
function storedValueOrNull(def: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (def.kind) {
    case 'int':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'tags':
      return Array.isArray(value) && value.every((t) => typeof t === 'string') ? value : null;
    case 'json':
      return typeof value === 'object' && !Array.isArray(value) ? value : null;
    case 'enum':
      return typeof value === 'string' && def.options?.includes(value) ? value : null;
    default:
      return typeof value === 'string' && value.length <= 100_000 ? value : null;
  }
}

/** The record as plain values (booleans, lists, objects), from its document's winners. */
export function valuesFromWinners(entity: EntityDef, id: string, winners: Winners): Record<string, unknown> {
  const values: Record<string, unknown> = { id };
  const fields = allFields(entity);
  // Keys in the entity's order whatever entries the document holds: a schema-3 document stores
  // no nulls, and values built in the document's order had a shape per record, which slowed
  // everything that reads them after (projection, diff, hooks: part of schema 3's create regression).
  for (const field of projectedFields(entity)) {
    const entry = winners.get(field);
    // A field without an entry is null (a schema-3 document stores no null at creation).
    if (entry) values[field] = storedValueOrNull(fields[field], entry.value);
    else if (field !== 'id' && !fields[field].local) values[field] = null;
  }
  const custom: Record<string, unknown> = {};
  for (const [field, entry] of winners) {
    if (field.startsWith(CUSTOM_FIELD_PREFIX) && entry.value !== null && entry.value !== undefined)
      custom[field.slice(CUSTOM_FIELD_PREFIX.length)] = entry.value;
  }
  values.tags = tagsOf(winners);
  values.custom_fields = custom;
  return Object.assign(values, computed(entity, values));
}

const projectedFieldsCache = new WeakMap<EntityDef, readonly string[]>();

/** The fields a record's values hold, in the entity's order (tags are built from their own entries). */
function projectedFields(entity: EntityDef): readonly string[] {
  let list = projectedFieldsCache.get(entity);
  if (!list) {
    list = Object.keys(allFields(entity)).filter((field) => field !== 'tags');
    projectedFieldsCache.set(entity, list);
  }
  return list;
}

interface EntityStatements {
  columns: string[];
  insert: (row: unknown[]) => number;
  update: (row: unknown[], id: string) => number;
  updateColumns: string[];
  /** An UPDATE of only these columns (each index on a column not set stays untouched). */
  updateOf: (columns: string[]) => (row: unknown[], id: string) => number;
  /** The stored row's columns (for the partial update's check), or undefined when there is none. */
  stored: (id: string) => Record<string, unknown> | undefined;
  deleteFts: (rowid: number) => void;
  insertFts: (rowid: number, values: unknown[]) => void;
  clearTags: (id: string) => void;
  addTag: (tag: string, id: string) => void;
  removeTag: (tag: string, id: string) => void;
  searchable: string[];
}

/** Text of a record's custom values to put in its search entry (the custom fields engine provides it). */
export type CustomSearchText = (entity: EntityDef, customValues: Record<string, unknown>) => string;

/** Writes projected rows of one store; statements are prepared once per entity. */
export class Projector {
  private readonly statements = new Map<string, EntityStatements>();
  customSearchText: CustomSearchText | null = null;

  constructor(private readonly db: Db) {}

  private prepare(entity: EntityDef): EntityStatements {
    const cached = this.statements.get(entity.name);
    if (cached) return cached;
    const all = allFields(entity);
    const columns = [...Object.keys(all).filter((c) => !all[c].local), 'custom_fields', 'version'];
    const placeholders = columns.map(() => '?').join(', ');
    const updateColumns = columns.filter((c) => c !== 'id');
    const updates = updateColumns.map((c) => `${c} = ?`).join(', ');
    // Separate insert and update: an upsert costs about twice a plain insert (measured).
    const insert = this.db.prepare(`INSERT INTO ${entity.table} (${columns.join(', ')}) VALUES (${placeholders})`);
    const update = this.db.prepare(`UPDATE ${entity.table} SET ${updates} WHERE id = ? RETURNING rowid`);
    const searchable = [...Object.keys(entity.fields).filter((k) => entity.fields[k].searchable), 'tags', 'custom_text'];
    const fts = `${entity.table}_fts`;
    // Shared kinds have no search index: their statements are never run.
    const deleteFts = entity.shared ? null : this.db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`);
    const insertFts = entity.shared
      ? null
      : this.db.prepare(`INSERT INTO ${fts} (rowid, ${searchable.join(', ')}) VALUES (?, ${searchable.map(() => '?').join(', ')})`);
    const partialUpdates = new Map<string, (row: unknown[], id: string) => number>();
    const updateOf = (changed: string[]) => {
      const key = changed.join(',');
      let run = partialUpdates.get(key);
      if (!run) {
        const stmt = this.db.prepare(`UPDATE ${entity.table} SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE id = ? RETURNING rowid`);
        run = (row, id) => (stmt.get(...row, id) as { rowid: number }).rowid;
        // Writes change a few fields at a time, so the combinations seen stay few; the cap is a guard.
        if (partialUpdates.size < 200) partialUpdates.set(key, run);
      }
      return run;
    };
    const selectRow = this.db.prepare(`SELECT ${columns.join(', ')} FROM ${entity.table} WHERE id = ?`);
    const clearTags = this.db.prepare('DELETE FROM record_tags WHERE record_id = ?');
    const addTag = this.db.prepare('INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES (?, ?, ?)');
    const removeTag = this.db.prepare('DELETE FROM record_tags WHERE entity = ? AND tag = ? AND record_id = ?');
    const statements: EntityStatements = {
      columns,
      searchable,
      insert: (row) => Number(insert.run(...row).lastInsertRowid),
      update: (row, id) => (update.get(...row, id) as { rowid: number }).rowid,
      updateColumns,
      updateOf,
      // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
      stored: (id) => selectRow.get(id) as Record<string, unknown> | undefined,
      deleteFts: (rowid) => void deleteFts?.run(rowid),
      insertFts: (rowid, values) => void insertFts?.run(rowid, ...values),
      clearTags: (id) => void clearTags.run(id),
      addTag: (tag, id) => void addTag.run(entity.name, tag, id),
      removeTag: (tag, id) => void removeTag.run(entity.name, tag, id),
    };
    this.statements.set(entity.name, statements);
    return statements;
  }

  /**
   * Upserts the row, its tags and its search entry. Deleted records leave the search index.
   * Given the values before the write, an update writes only the columns, tags and search
   * entry that changed: each index, tag and FTS page left alone is a page less to commit.
   */
  project(entity: EntityDef, values: Record<string, unknown>, isNew: boolean, version: number, before: Record<string, unknown> | null = null): Row {
    const s = this.prepare(entity);
    const row = this.rowOf(entity, s, values, version);
    // The partial update trusts `before` only where the stored row agrees with it: a row that
    // went another way (a document changed without a projection) gets a whole rewrite instead.
    const fromBefore = !isNew && before ? this.rowOf(entity, s, before, version) : null;
    const previous = fromBefore && sameRow(s.columns, fromBefore, s.stored(row.id)) ? fromBefore : null;
    let rowid: number;
    if (isNew) rowid = s.insert(s.columns.map((c) => row[c]));
    else if (previous) {
      const changed = s.updateColumns.filter((c) => c === 'version' || row[c] !== previous[c]);
      rowid = s.updateOf(changed)(
        changed.map((c) => row[c]),
        row.id,
      );
    } else
      rowid = s.update(
        s.updateColumns.map((c) => row[c]),
        row.id,
      );
    if (entity.shared) return row;
    const tags = Array.isArray(values.tags) ? (values.tags as string[]) : [];
    const search = values.deleted_at ? null : this.searchValues(entity, s, values, tags);
    if (previous && before) {
      const beforeTags = Array.isArray(before.tags) ? (before.tags as string[]) : [];
      const beforeSearch = before.deleted_at ? null : this.searchValues(entity, s, before, beforeTags);
      if (!sameList(search, beforeSearch)) {
        if (beforeSearch) s.deleteFts(rowid);
        if (search) s.insertFts(rowid, search);
      }
      // Only the tags added or removed: a record's other tags keep their rows (a delete by record id scans them all).
      if (!sameList(tags, beforeTags)) {
        for (const tag of beforeTags) if (!tags.includes(tag)) s.removeTag(tag, row.id);
        for (const tag of tags) if (!beforeTags.includes(tag)) s.addTag(tag, row.id);
      }
      return row;
    }
    if (!isNew) {
      s.deleteFts(rowid);
      s.clearTags(row.id);
    }
    if (search) s.insertFts(rowid, search);
    for (const tag of tags) s.addTag(tag, row.id);
    return row;
  }

  private rowOf(entity: EntityDef, s: EntityStatements, values: Record<string, unknown>, version: number): Row {
    const fields = allFields(entity);
    const row: Row = { id: String(values.id) };
    for (const c of s.columns) {
      if (c === 'custom_fields') row[c] = canonicalJson(values.custom_fields ?? {});
      else if (c === 'version') row[c] = version;
      else row[c] = toColumn(fields[c], values[c]);
    }
    return row;
  }

  private searchValues(entity: EntityDef, s: EntityStatements, values: Record<string, unknown>, tags: string[]): unknown[] {
    return s.searchable.map((c) => {
      if (c === 'tags') return tags.join(' ');
      if (c === 'custom_text') return this.customSearchText?.(entity, objectOr(values.custom_fields)) ?? null;
      return values[c] ?? null;
    });
  }
}

function sameList(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether the stored row holds these values (the version column aside: it moves with every write). */
function sameRow(columns: readonly string[], row: Row, stored: Record<string, unknown> | undefined): boolean {
  if (!stored) return false;
  return columns.every((c) => c === 'version' || row[c] === stored[c]);
}
