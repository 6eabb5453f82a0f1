import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { GroupCommit } from './group-commit';
import { StoreUpkeep } from './store-upkeep';
import { clientIdsPerProcess } from './client-ids';
import type { Clock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import { newId } from '../../core/ids';
import { AppError } from '../../../shared/errors';
import { documentKind } from '../../../shared/entities/shared-kinds';
import type { EntityDef } from '../../../shared/entities/field-def';
import { WriteValidation, type CustomValuesValidator } from './write-validation';
import { DOC_SCHEMA_VERSION } from '../../../shared/record-doc/doc-format';
import { HybridLogicalClock } from './hlc';
import { recordDigest } from './record-doc';
import { Projector, type CustomSearchText, type Row } from './projection';
import { ConflictStore } from './conflicts';
import { SyncOutbox } from './sync-outbox';
import { RemoteApplier, type RemoteResult } from './remote-apply';
import type { CustomFieldCheck } from './remote-checks';
import { ScopedDocs, type FieldScope } from './scoped-docs';
import type { BulkChange, ProjectDocument, RecordChange, RecordEvents, WriteContext } from './record-change';
import { BulkBatch, BulkWriter, type BulkSummary } from './bulk-write';
import { WriteTransaction } from './write-transaction';
import { ChangeProjection, type InTransactionHook } from './change-projection';
import { LocalWrite, type WriteOptions } from './local-write';
import { BatchLookups } from './batch-lookups';
import { EpochSwap } from './epoch-swap';

export type { InTransactionHook } from './change-projection';
export type { WriteOptions } from './local-write';

export interface RecordsEngineDeps {
  db: Db;
  clock: Clock;
  /** Quiet time before full-text index merges run (default 250 ms; tests shorten it). */
  searchMergeIdleMs?: number;
}

/**
 * The one write path (DESIGN.md section 3). Every change to a synced record, local or
 * remote, goes through one SQLite transaction (write-transaction.ts): Yjs document, outbox,
 * projected row and search index, in-transaction hooks (local-write.ts, change-projection.ts);
 * then one `record.changed` event after commit. This class wires them and is their door.
 */
export class RecordsEngine {
  readonly events = new EventBus<RecordEvents>();
  readonly hlc: HybridLogicalClock;
  private readonly projector: Projector;
  private readonly validation: WriteValidation;
  private readonly hooks: InTransactionHook[] = [];
  private readonly bulkHooks: ((bulk: BulkChange) => void)[] = [];
  /** Yjs client ids of this process, one per acting user: fresh each start (a restored store never reuses one). */
  private readonly clientIdFor = clientIdsPerProcess();
  private readonly conflicts: ConflictStore;
  readonly outbox: SyncOutbox;
  private readonly remote: RemoteApplier;
  private readonly scoped: ScopedDocs;
  /** The bulk batch in progress (see `inBulk`), null on the single path. */
  private batch: BulkBatch | null = null;
  private readonly bulkWriter: BulkWriter;
  private readonly batchHooks: ((summary: BulkSummary) => void)[] = [];
  /** Group commit's fsync, WAL checkpoints and full-text merges (store-upkeep.ts). */
  readonly upkeep: StoreUpkeep;
  private readonly groupCommit: GroupCommit;
  private readonly tx: WriteTransaction;
  private readonly projection: ChangeProjection;
  private readonly writes: LocalWrite;
  private readonly batchLookups: BatchLookups;
  /** A team compaction's swap of documents for the relay's rewritten ones (epoch-swap.ts). */
  readonly epochSwap: EpochSwap;
  /** The schema new record documents are written in; a test sets 2 to make the records an older install made. */
  docVersion: number = DOC_SCHEMA_VERSION;

  constructor(private readonly deps: RecordsEngineDeps) {
    const db = deps.db;
    this.upkeep = new StoreUpkeep(db, { searchMergeIdleMs: deps.searchMergeIdleMs });
    this.hlc = new HybridLogicalClock(deps.clock, db);
    this.projector = new Projector(db);
    this.validation = new WriteValidation(new StatementCache(db));
    // Every write of a bulk batch keeps what its checks looked up exact (batch-lookups.ts).
    this.batchLookups = this.validation.lookups = new BatchLookups(db);
    this.hooks.push((change) => this.batchLookups.observe(change));
    this.conflicts = new ConflictStore(db);
    this.outbox = new SyncOutbox(db);
    this.tx = new WriteTransaction({
      db,
      outbox: this.outbox,
      events: this.events,
      committed: () => this.upkeep.committed(),
    });
    this.groupCommit = new GroupCommit({
      walSync: this.upkeep.walSync,
      transaction: (fn, emit) => this.transaction(fn, emit),
      savepoint: (fn) => this.tx.savepoint(fn),
      announce: (events) => this.tx.announce(events),
    });
    this.projection = new ChangeProjection({
      projector: this.projector,
      conflicts: this.conflicts,
      scoped: () => this.scoped,
      hooks: this.hooks,
      batch: () => this.batch,
      tx: this.tx,
    });
    this.writes = new LocalWrite({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      outbox: this.outbox,
      validation: this.validation,
      scoped: () => this.scoped,
      projection: this.projection,
      clientIdFor: this.clientIdFor,
      docVersion: () => this.docVersion,
      batch: () => this.batch,
      transaction: (fn) => this.transaction(fn),
    });
    // The projection of a whole changed document, as remote updates and the compaction's swap ask for it.
    const projectDocument: ProjectDocument = (...args) => this.projection.project(...args);
    this.remote = new RemoteApplier({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      outbox: this.outbox,
      transaction: (fn) => this.transaction(fn),
      project: projectDocument,
      inBulk: () => this.batch !== null,
    });
    this.bulkWriter = new BulkWriter({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      validation: this.validation,
      outbox: this.outbox,
      clientIdFor: this.clientIdFor,
      docVersion: () => this.docVersion,
      scoped: () => this.scoped,
      // Its entries hold every value written, restricted ones included: no scoped document to merge in.
      project: (entity, id, entries, ctx, action, at, stages) => this.projection.project(entity, id, null, entries, ctx, action, at, true, stages, true),
    });
    this.scoped = new ScopedDocs({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      outbox: this.outbox,
      checks: this.remote.checks,
      transaction: (fn) => this.transaction(fn),
      project: (entity, id, before, entries, ctx, at, quiet) => this.projection.project(entity, id, before, entries, ctx, 'derive', at, quiet, undefined, true),
    });
    this.remote.scopedApply = (id, update, opts) => this.scoped.applyRemote(id, update, opts);
    this.epochSwap = new EpochSwap({
      db,
      clock: deps.clock,
      outbox: this.outbox,
      transaction: (fn) => this.transaction(fn),
      project: projectDocument,
    });
  }

  /**
   * The bulk path (imports, seeding, a new device's bootstrap): runs fn in one transaction in
   * which creates and quiet remote updates are written as a batch. Each record gets its
   * document, outbox row, projected row, search entry and tags as on the single path, and the
   * in-transaction hooks see it (marked quiet); the batch has one summary instead of a
   * per-record audit entry and event: `onBatch` hooks before commit, one `records.arrived`
   * after. Updates, deletes and restores inside fn take the single path.
   */
  inBulk<T>(ctx: WriteContext, fn: () => T): T {
    if (this.batch) return fn();
    return this.transaction(() => {
      const batch = (this.batch = new BulkBatch(ctx, this.now().toISOString()));
      this.batchLookups.begin();
      try {
        const result = fn();
        this.hlc.persist();
        if (batch.count > 0) {
          const summary = batch.summary();
          for (const hook of this.batchHooks) hook(summary);
          this.upkeep.bulkWritten(summary.byEntity);
          this.tx.queueSummary(summary);
        }
        return result;
      } finally {
        this.batch = null;
        this.batchLookups.forget();
      }
    });
  }

  /**
   * Inside a bulk batch: asks at once which live records hold these values of a unique field
   * (an import's e-mails), so each row's uniqueness check is a look-up, not a query.
   */
  primeUnique(entityName: string, field: string, values: readonly string[]): void {
    if (this.batch) this.batchLookups.prime(this.entity(entityName), field, values);
  }

  /** Runs inside a bulk batch's transaction, once per batch (the audit's one entry). */
  onBatch(hook: (summary: BulkSummary) => void): void {
    this.batchHooks.push(hook);
  }

  /**
   * A custom field's visibility changed (an admin's edit on this install): each record's value
   * moves to the document of the field's new scope, or to the record's own document when the
   * field is public now. Members newly allowed receive it with their next catch-up.
   */
  rescopeField(entityName: string, fieldName: string, ctx: WriteContext): number {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      const ids = this.deps.db
        .prepare(`SELECT id FROM ${entity.table} WHERE json_extract(custom_fields, ?) IS NOT NULL`)
        .pluck()
        .all(`$."${fieldName}"`) as string[];
      const at = this.deps.clock.now().toISOString();
      let moved = 0;
      for (const id of ids) if (this.scoped.rescope(entity, id, `custom_fields.${fieldName}`, { clientId: this.clientIdFor(ctx.actor), ctx, at })) moved++;
      return moved;
    });
  }

  /** Which custom fields are restricted to some roles: their values go to scoped documents (the custom fields engine answers). */
  setFieldScope(scopeOf: FieldScope): void {
    this.scoped.scopeOf = scopeOf;
  }

  /** Applies an update made by another install (see RemoteApplier): applied, duplicate, pending, parked or refused. */
  applyRemoteUpdate(recordId: string, update: Uint8Array, opts: { quiet?: boolean } = {}): RemoteResult {
    const result = this.remote.apply(recordId, update, opts);
    if (result.status === 'applied' && result.change && this.entity(result.change.entity).shared) this.retryParked();
    return result;
  }

  /** Many remote updates in one transaction (catch-up, bootstrap): results in order. */
  applyRemoteBatch(items: readonly { record_id: string; update: Uint8Array }[], opts: { quiet?: boolean } = {}): RemoteResult[] {
    const apply = () => items.map((i) => this.remote.apply(i.record_id, i.update, opts));
    // A bulk batch: the clock is persisted once. A bootstrap's (quiet) records are counted into one summary;
    // a live catch-up keeps its per-record events (a teammate's assignment still notifies).
    const results = this.inBulk({ actor: null, origin: 'remote' }, apply);
    const byEntity: Record<string, number> = {};
    for (const r of results) if (r.status === 'applied' && r.change) byEntity[r.change.entity] = (byEntity[r.change.entity] ?? 0) + 1;
    const count = Object.values(byEntity).reduce((a, b) => a + b, 0);
    if (count > 0 && !opts.quiet) this.events.emit('records.arrived', { count, byEntity, quiet: false, at: this.now().toISOString(), origin: 'remote' });
    // A definition that arrived may be what parked values were waiting for.
    if (Object.keys(byEntity).some((e) => this.entity(e).shared)) this.retryParked();
    return results;
  }

  /** Parked updates whose time has come (a peer's clock was ahead) are tried again. */
  retryParked(): number {
    return this.remote.retryParked();
  }

  /** Custom values in remote updates are checked by the custom fields engine. */
  setRemoteCustomFieldCheck(check: CustomFieldCheck): void {
    this.remote.checks.customField = check;
  }

  /** Roles the team vouches for (the sync client passes the relay's member list). */
  setTrustedRoles(roleOf: (userId: string) => string | null): void {
    this.remote.checks.trustedRoles = roleOf;
  }

  /** The record's Yjs state vector (what this install has), for repair and catch-up. */
  stateVector(recordId: string): Uint8Array | null {
    const stored = this.writes.storedDoc(recordId);
    return stored ? Y.encodeStateVectorFromUpdate(stored.state) : null;
  }

  /** A digest of the record's live entries: equal on two installs exactly when they hold the same values and conflicts. */
  digest(recordId: string): string | null {
    const stored = this.writes.storedDoc(recordId);
    return stored ? recordDigest(recordId, stored.state) : null;
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
    this.validation.customValidator = validator;
  }

  /** Which custom values go into a record's full-text entry. */
  setCustomSearchText(provider: CustomSearchText): void {
    this.projector.customSearchText = provider;
  }

  /** Runs fn in one transaction; events of all writes inside are emitted once it commits. */
  transaction<T>(fn: () => T, emit?: (events: RecordChange[]) => void): T {
    return this.tx.run(fn, emit);
  }

  /** WAL fsyncs group commit has started: fewer than the writes it committed when writers share them. */
  walSyncs(): number {
    return this.upkeep.walSync.syncs;
  }

  /** Closes the WAL file handle group commit syncs through (the store itself is closed by its owner). */
  close(): void {
    this.upkeep.close();
  }

  /** Group commit (group-commit.ts): resolves once the write is committed and on disk. */
  batched<T>(fn: () => T): Promise<T> {
    return this.groupCommit.run(fn);
  }

  entity(name: string): EntityDef {
    const entity = documentKind(name);
    if (!entity) throw new AppError('validation_failed', `Unknown model "${name}"`, { model: [`Unknown model "${name}".`] });
    return entity;
  }

  create(entityName: string, body: unknown, ctx: WriteContext, id?: string): Record<string, unknown> {
    const idIsNew = id === undefined;
    id ??= newId();
    const entity = this.entity(entityName);
    if (this.batch && !entity.shared) return this.bulkWriter.create(entity, body, ctx, id, idIsNew);
    return this.writes.create(entity, body, ctx, id);
  }

  /** PATCH (`update`) or PUT (`replace`); `ifVersion` refuses a write over a value the writer never saw (local-write.ts). */
  update(
    entityName: string,
    id: string,
    body: unknown,
    ctx: WriteContext,
    mode: 'update' | 'replace' = 'update',
    opts: WriteOptions = {},
  ): Record<string, unknown> {
    return this.writes.update(this.entity(entityName), id, body, ctx, mode, opts);
  }

  /** Writes server-managed values (conversion links, last_login) without client validation. */
  writeSystemFields(entityName: string, id: string, values: Record<string, unknown>, ctx: WriteContext): Record<string, unknown> {
    return this.writes.writeSystemFields(this.entity(entityName), id, values, ctx);
  }

  remove(entityName: string, id: string, ctx: WriteContext): void {
    this.writes.remove(this.entity(entityName), id, ctx);
  }

  restore(entityName: string, id: string, ctx: WriteContext): Record<string, unknown> {
    return this.writes.restore(this.entity(entityName), id, ctx);
  }

  /** Keeps a field's current value over the concurrent value that lost (dismissing a conflict). */
  settle(entityName: string, id: string, field: string, ctx: WriteContext): void {
    this.writes.settle(this.entity(entityName), id, field, ctx);
  }

  /** The record's current values from its document, or null if it does not exist. */
  currentValues(entity: EntityDef, id: string): Record<string, unknown> | null {
    return this.writes.currentValues(entity, id);
  }
}

export type { Row };
