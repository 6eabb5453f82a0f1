import type { Db } from '../../db/open-database';
import type { EntityDef } from '../../../shared/entities/field-def';
import { documentKind } from '../../../shared/entities/shared-kinds';
import type { RecordChange } from './record-change';

/** A value as SQLite's NOCASE compares it: ASCII letters folded, nothing else. */
export function foldNocase(value: string): string {
  return value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * What a bulk batch's checks look up row after row, known for the whole batch:
 * - the live records holding each of its unique values (an import's e-mails), asked in one
 *   query when the batch starts instead of one probe per row (the probe was a tenth of an
 *   import's time on the M store); a value not asked for is answered by the usual probe;
 * - the ids found live (an import's linked companies: the same few thousand, row after row);
 *   only positive answers are kept.
 * Kept exact through the batch: every write of a record reaches `observe` (an in-transaction
 * hook of the one write path), so a record created, updated, deleted or restored in the batch
 * moves its values, and a deleted one is no longer known live. Forgotten when the batch ends,
 * committed or rolled back.
 */
export class BatchLookups {
  private entity: EntityDef | null = null;
  /** field -> folded value -> ids of the live records holding it. */
  private readonly holders = new Map<string, Map<string, Set<string>>>();
  private inBatch = false;
  /** table -> ids found live in this batch. */
  private readonly live = new Map<string, Set<string>>();

  begin(): void {
    this.forget();
    this.inBatch = true;
  }

  /** True when the id was found live earlier in the batch and not deleted since; else ask the store. */
  knownLive(table: string, id: string): boolean {
    return this.live.get(table)?.has(id) ?? false;
  }

  noteLive(table: string, id: string): void {
    if (!this.inBatch) return;
    let ids = this.live.get(table);
    if (!ids) this.live.set(table, (ids = new Set()));
    ids.add(id);
  }

  constructor(private readonly db: Db) {}

  /** Asks, for each value, which live records of the entity hold it in `field`. */
  prime(entity: EntityDef, field: string, values: readonly string[]): void {
    if (this.entity !== entity) this.holders.clear();
    const folded = [...new Set(values.map(foldNocase))];
    if (folded.length === 0 || !entity.fields[field]?.unique) return;
    this.entity = entity;
    const byValue = new Map<string, Set<string>>(folded.map((v) => [v, new Set<string>()]));
    const rows = this.db
      .prepare(`SELECT id, ${field} AS value FROM ${entity.table} WHERE ${field} COLLATE NOCASE IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`)
      .all(JSON.stringify(folded)) as { id: string; value: string }[];
    for (const row of rows) byValue.get(foldNocase(row.value))?.add(row.id);
    this.holders.set(field, byValue);
  }

  /** Whether a live record other than `id` holds the value; undefined when it was not asked for. */
  clash(entity: EntityDef, field: string, value: string, id: string): boolean | undefined {
    if (entity !== this.entity) return undefined;
    const ids = this.holders.get(field)?.get(foldNocase(value));
    if (!ids) return undefined;
    for (const holder of ids) if (holder !== id) return true;
    return false;
  }

  /** A record written in the batch: its values before and after move between the holders. */
  observe(change: RecordChange): void {
    if (change.after.deleted_at) {
      const table = documentKind(change.entity)?.table;
      if (table) this.live.get(table)?.delete(change.id);
    }
    if (!this.entity || change.entity !== this.entity.name) return;
    for (const [field, byValue] of this.holders) {
      const before = change.before && !change.before.deleted_at ? change.before[field] : undefined;
      const after = change.after.deleted_at ? undefined : change.after[field];
      if (typeof before === 'string') byValue.get(foldNocase(before))?.delete(change.id);
      if (typeof after === 'string') byValue.get(foldNocase(after))?.add(change.id);
    }
  }

  forget(): void {
    this.entity = null;
    this.holders.clear();
    this.inBatch = false;
    this.live.clear();
  }
}
