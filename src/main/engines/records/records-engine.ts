import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import type { Clock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import { newId } from '../../core/ids';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { allFields, customFieldKey, type EntityDef } from '../../../shared/entities/field-def';
import { validateRecordInput, type WriteMode } from '../../../shared/entities/validate-record';
import { HybridLogicalClock } from './hlc';
import { docEntity, loadDoc, readEntries, readWinners, writeFields } from './record-doc';
import { diffValues, freshEntries, remoteAction, sameValue, winnersOf } from './record-diff';
import { Projector, valuesFromWinners, type CustomSearchText, type Row } from './projection';
import { applyEntityRules } from './entity-rules';
import { detectConflicts, type Conflict } from './conflicts';
import type { BulkChange, RecordAction, RecordChange, RecordEvents, WriteContext } from './record-change';

/**
 * Checks custom field values of a write; the custom fields engine provides it. Returns the
 * values to store, keyed by field name, or errors keyed `custom_fields.<name>`.
 */
export type CustomValuesValidator = (
  entity: EntityDef,
  values: Record<string, unknown> | undefined,
  mode: WriteMode,
  ctx: WriteContext,
) => { values: Record<string, unknown>; errors: FieldErrors };

/** Runs inside the write's transaction (audit, field history): a throw rolls the write back. */
export type InTransactionHook = (change: RecordChange) => void;

export interface RecordsEngineDeps {
  db: Db;
  clock: Clock;
  /** This install's Yjs client id (uint32) and HLC node id. */
  clientId: number;
}

/**
 * The one write path (DESIGN.md section 3). Every change to a synced record, local or
 * remote, goes through `commit` in one SQLite transaction: Yjs document, outbox, projected
 * row and search index, in-transaction hooks; then one `record.changed` event after commit.
 */
export class RecordsEngine {
  readonly events = new EventBus<RecordEvents>();
  readonly hlc: HybridLogicalClock;
  private readonly projector: Projector;
  private readonly statements: StatementCache;
  private readonly hooks: InTransactionHook[] = [];
  private readonly bulkHooks: ((bulk: BulkChange) => void)[] = [];
  private customValidator: CustomValuesValidator | null = null;
  private depth = 0;
  private pending: RecordChange[] = [];
  private queue: { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  private readonly writer: string;
  private readonly sql;

  constructor(private readonly deps: RecordsEngineDeps) {
    this.writer = deps.clientId.toString(36);
    this.hlc = new HybridLogicalClock(deps.clock, this.writer);
    this.projector = new Projector(deps.db);
    this.statements = new StatementCache(deps.db);
    const db = deps.db;
    this.sql = {
      getDoc: db.prepare('SELECT entity, state FROM record_docs WHERE id = ?'),
      putDoc: db.prepare(
        `INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
      outbox: db.prepare('INSERT INTO sync_outbox (record_id, entity, update_data, created_at) VALUES (?, ?, ?, ?)'),
      conflict: db.prepare(
        `INSERT OR IGNORE INTO record_conflicts
         (id, entity, record_id, field, losing_value, losing_hlc, winning_value, winning_hlc, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** The engine's clock, for handlers that date what they write. */
  now(): Date {
    return this.deps.clock.now();
  }

  onWrite(hook: InTransactionHook): void {
    this.hooks.push(hook);
  }

  /** Runs inside a bulk change's transaction before its writes (the audit's bulk entry and snapshots). */
  onBulk(hook: (bulk: BulkChange) => void): void {
    this.bulkHooks.push(hook);
  }

  /**
   * One action on many records, all or nothing: the first record that fails rolls the whole
   * batch back and is named in the error.
   */
  bulk(change: BulkChange): number {
    return this.transaction(() => {
      for (const hook of this.bulkHooks) hook(change);
      for (const id of change.ids) {
        try {
          if (change.action === 'update') this.update(change.entity, id, change.changes ?? {}, change.ctx);
          else if (change.action === 'delete') this.remove(change.entity, id, change.ctx);
          else this.restore(change.entity, id, change.ctx);
        } catch (e) {
          if (e instanceof AppError) throw new AppError(e.code, `Record ${id}: ${e.message}`, { ...(e.fields ?? {}), ids: [`Failed at ${id}: ${e.message}`] });
          throw e;
        }
      }
      return change.ids.length;
    });
  }

  setCustomValuesValidator(validator: CustomValuesValidator): void {
    this.customValidator = validator;
  }

  /** Which custom values go into a record's full-text entry. */
  setCustomSearchText(provider: CustomSearchText): void {
    this.projector.customSearchText = provider;
  }

  /** Runs fn in one transaction; events of all writes inside are emitted once it commits. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      const result = this.deps.db.transaction(fn)();
      const events = this.pending;
      this.pending = [];
      this.depth--;
      for (const e of events) this.events.emit('record.changed', e);
      return result;
    } catch (error) {
      this.pending = [];
      this.depth--;
      throw error;
    }
  }

  /**
   * Group commit: writes that arrive in the same turn of the event loop share one
   * transaction, so one fsync (~2 ms on the reference disk) serves them all. Each runs in its
   * own savepoint: one that fails is rolled back alone and rejects alone. A single client
   * waits one event-loop turn more; concurrent clients stop queueing behind each other's fsync.
   */
  batched<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.transaction(() => {
        for (const item of batch) {
          const mark = this.pending.length;
          try {
            outcomes.push({ ok: true, value: this.deps.db.transaction(item.fn)() });
          } catch (error) {
            this.pending.length = mark;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  entity(name: string): EntityDef {
    const entity = entityByName(name);
    if (!entity) throw new AppError('validation_failed', `Unknown model "${name}"`, { model: [`Unknown model "${name}".`] });
    return entity;
  }

  create(entityName: string, body: unknown, ctx: WriteContext, id: string = newId()): Record<string, unknown> {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      if (this.sql.getDoc.get(id)) throw new AppError('conflict', `A record with id ${id} already exists`);
      const values = this.validated(entity, body, 'create', ctx, id);
      for (const [field, def] of Object.entries(entity.fields)) {
        if (def.defaultsToCaller && (values[field] === undefined || values[field] === null) && ctx.actor) values[field] = ctx.actor;
      }
      values.created_by = ctx.actor;
      return this.commit(entity, id, values, ctx, 'create');
    });
  }

  /** PATCH (`update`) or PUT (`replace`). */
  update(entityName: string, id: string, body: unknown, ctx: WriteContext, mode: 'update' | 'replace' = 'update'): Record<string, unknown> {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      this.requireLive(entity, id);
      const values = this.validated(entity, body, mode, ctx, id);
      return this.commit(entity, id, values, ctx, 'update');
    });
  }

  /** Writes server-managed values (conversion links, last_login) without client validation. */
  writeSystemFields(entityName: string, id: string, values: Record<string, unknown>, ctx: WriteContext): Record<string, unknown> {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      this.requireLive(entity, id);
      return this.commit(entity, id, { ...values }, ctx, 'update');
    });
  }

  remove(entityName: string, id: string, ctx: WriteContext): void {
    const entity = this.entity(entityName);
    this.transaction(() => {
      this.requireLive(entity, id);
      this.commit(entity, id, { deleted_at: this.deps.clock.now().toISOString() }, ctx, 'delete');
    });
  }

  restore(entityName: string, id: string, ctx: WriteContext): Record<string, unknown> {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      const current = this.currentValues(entity, id);
      if (!current) throw notFound(entity.label);
      if (!current.deleted_at) throw new AppError('conflict', `${entity.label} ${id} is not deleted`);
      return this.commit(entity, id, { deleted_at: null }, ctx, 'restore');
    });
  }

  /** The record's current values from its document, or null if it does not exist. */
  currentValues(entity: EntityDef, id: string): Record<string, unknown> | null {
    const stored = this.sql.getDoc.get(id) as { entity: string; state: Buffer } | undefined;
    if (!stored || stored.entity !== entity.name) return null;
    const doc = loadDoc(id, stored.state);
    try {
      return valuesFromWinners(entity, id, readWinners(doc));
    } finally {
      doc.destroy();
    }
  }

  /**
   * Applies an update produced by another install. Idempotent; malformed updates and
   * documents of unknown entities are refused before anything is written.
   */
  applyRemoteUpdate(recordId: string, update: Uint8Array, ctx: { actor?: string | null } = {}): RecordChange | null {
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new AppError('validation_failed', 'Malformed record update', { update: ['Not a valid Yjs update.'] });
    }
    return this.transaction(() => {
      const stored = this.sql.getDoc.get(recordId) as { entity: string; state: Buffer } | undefined;
      const doc = loadDoc(recordId, stored?.state ?? null);
      try {
        const beforeEntries = readEntries(doc);
        Y.applyUpdate(doc, update, 'remote');
        const entity = entityByName(docEntity(doc) ?? '');
        if (!entity || (stored && stored.entity !== entity.name)) {
          throw new AppError('validation_failed', 'Update names no known entity', { entity: ['Unknown or changed entity.'] });
        }
        const afterEntries = readEntries(doc);
        const newEntries = freshEntries(beforeEntries, afterEntries);
        if (newEntries.length === 0) return null;
        for (const e of newEntries) this.hlc.observe(e.h);
        const now = this.deps.clock.now().toISOString();
        for (const c of detectConflicts(beforeEntries, afterEntries)) this.storeConflict(entity, recordId, c, now);
        const before = stored ? valuesFromWinners(entity, recordId, winnersOf(beforeEntries)) : null;
        const after = valuesFromWinners(entity, recordId, readWinners(doc));
        this.sql.putDoc.run(recordId, entity.name, Buffer.from(Y.encodeStateAsUpdate(doc)), now);
        const actor = ctx.actor ?? newEntries.find((e) => e.by)?.by ?? null;
        return this.finish(entity, recordId, before, after, { actor, origin: 'remote' }, remoteAction(before, after), now);
      } finally {
        doc.destroy();
      }
    });
  }

  private storeConflict(entity: EntityDef, recordId: string, c: Conflict, now: string): void {
    this.sql.conflict.run(
      newId(), entity.name, recordId, c.field, JSON.stringify(c.loser.v), c.loser.h, JSON.stringify(c.winner.v), c.winner.h, now,
    );
  }

  /** The projected row mirrors the document, so liveness is read there without decoding. */
  private requireLive(entity: EntityDef, id: string): void {
    if (!this.isLive(entity.table, id)) throw notFound(entity.label);
  }

  private isLive(table: string, id: string): boolean {
    return this.statements.get(`SELECT 1 FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(id) !== undefined;
  }

  private validated(entity: EntityDef, body: unknown, mode: WriteMode, ctx: WriteContext, id: string): Record<string, unknown> {
    const { values, customFields, errors } = validateRecordInput(entity, body, mode);
    if (customFields !== undefined || this.customValidator) {
      if (this.customValidator) {
        const custom = this.customValidator(entity, customFields, mode, ctx);
        Object.assign(errors, custom.errors);
        for (const [name, value] of Object.entries(custom.values)) values[customFieldKey(name)] = value;
      } else if (customFields && Object.keys(customFields).length > 0) {
        for (const name of Object.keys(customFields)) errors[customFieldKey(name)] = ['Unknown custom field.'];
      }
    }
    this.checkReferences(entity, values, errors);
    this.checkUnique(entity, values, id, errors);
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return values;
  }


  private checkReferences(entity: EntityDef, values: Record<string, unknown>, errors: FieldErrors): void {
    for (const [field, def] of Object.entries(allFields(entity))) {
      const value = values[field];
      if (def.kind !== 'ref' || typeof value !== 'string' || errors[field]) continue;
      const target = entityByName(def.ref ?? '');
      if (!target) continue;
      if (!this.isLive(target.table, value)) errors[field] = [`Invalid pk "${value}" - object does not exist.`];
    }
  }

  private checkUnique(entity: EntityDef, values: Record<string, unknown>, id: string, errors: FieldErrors): void {
    for (const [field, def] of Object.entries(entity.fields)) {
      const value = values[field];
      if (!def.unique || typeof value !== 'string' || errors[field]) continue;
      const clash = this.statements.get(`SELECT 1 FROM ${entity.table} WHERE ${field} = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ? LIMIT 1`).get(value, id);
      if (clash) errors[field] = [`${entity.label} with this ${def.label.toLowerCase()} already exists.`];
    }
  }

  /** Stores a local write: document, outbox, row, hooks, queued event. */
  private commit(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext, action: RecordAction): Record<string, unknown> {
    const stored = this.sql.getDoc.get(id) as { state: Buffer } | undefined;
    const doc = loadDoc(id, stored?.state ?? null, this.deps.clientId);
    try {
      const current = readWinners(doc);
      const before = stored ? valuesFromWinners(entity, id, current) : null;
      const now = this.deps.clock.now();
      if (ctx.origin !== 'remote') applyEntityRules(entity.name, before, values, now);
      const changed: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(values)) {
        if (!current.has(field) || !sameValue(current.get(field)!.v, value)) changed[field] = value ?? null;
      }
      if (Object.keys(changed).length === 0 && before) return before;
      const at = now.toISOString();
      if (!before) changed.created_at = at;
      changed.updated_at = at;
      const update = writeFields(doc, { entity: entity.name, writer: this.writer, stamp: this.hlc.now(), actor: ctx.actor, values: changed, current });
      // A new document's first update is its whole state; encoding it again costs ~15 us a record.
      const state = stored ? Y.encodeStateAsUpdate(doc) : update;
      this.sql.putDoc.run(id, entity.name, Buffer.from(state), at);
      this.sql.outbox.run(id, entity.name, Buffer.from(update), at);
      const after = valuesFromWinners(entity, id, readWinners(doc));
      this.finish(entity, id, before, after, ctx, action, at);
      return after;
    } finally {
      doc.destroy();
    }
  }

  private finish(
    entity: EntityDef, id: string, before: Record<string, unknown> | null, after: Record<string, unknown>,
    ctx: WriteContext, action: RecordAction, at: string,
  ): RecordChange {
    this.projector.project(entity, after, before === null);
    const change: RecordChange = {
      entity: entity.name, id, action, actor: ctx.actor, origin: ctx.origin, at,
      changes: diffValues(before, after), before, after,
    };
    for (const hook of this.hooks) hook(change);
    this.pending.push(change);
    return change;
  }

}

export type { Row };
