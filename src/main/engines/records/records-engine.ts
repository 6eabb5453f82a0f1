import * as Y from 'yjs';
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { GroupCommit } from './group-commit';
import { WalSync } from '../../db/wal-sync';
import type { Clock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import { newId } from '../../core/ids';
import { AppError, notFound } from '../../../shared/errors';
import { documentKind } from '../../../shared/entities/shared-kinds';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { WriteMode } from '../../../shared/entities/validate-record';
import { WriteValidation, type CustomValuesValidator } from './write-validation';
import { latestStamp, tagsOf, TAG_PREFIX, writerKey, type Entry } from '../../../shared/record-doc/doc-format';
import { encodeNewRecord } from '../../../shared/record-doc/new-record-encoder';
import { readStageLog, stageMoveOf, type StageStep } from '../../../shared/record-doc/stage-log';
import { HybridLogicalClock } from './hlc';
import { loadDoc, readEntries, recordDigest, winnersOf, writeRecord } from './record-doc';
import { diffValues, remoteAction, sameValue } from './record-diff';
import { Projector, valuesFromWinners, type CustomSearchText, type Row } from './projection';
import { applyEntityRules } from './entity-rules';
import { checkNotStale } from './stale-write';
import { conflictsOf, ConflictStore } from './conflicts';
import { SyncOutbox } from './sync-outbox';
import { RemoteApplier, type RemoteResult } from './remote-apply';
import type { CustomFieldCheck } from './remote-checks';
import { mergeEntries, ScopedDocs, type FieldScope } from './scoped-docs';
import { docMeta } from '../../../shared/record-doc/doc-format';
import type { BulkChange, RecordAction, RecordChange, RecordEvents, WriteContext } from './record-change';
import { BulkBatch, BulkWriter, type BulkSummary } from './bulk-write';
import { objectOr } from '../../core/json-object';

/** Runs inside the write's transaction (audit, field history): a throw rolls the write back. */
export type InTransactionHook = (change: RecordChange) => void;

export interface RecordsEngineDeps {
  db: Db;
  clock: Clock;
}

/** What a stale-write check needs: the version the client read (`If-Match`). */
export interface WriteOptions {
  ifVersion?: string;
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
  private readonly validation: WriteValidation;
  private readonly hooks: InTransactionHook[] = [];
  private readonly bulkHooks: ((bulk: BulkChange) => void)[] = [];
  private depth = 0;
  private pending: RecordChange[] = [];
  /** Yjs client ids of this process, one per acting user: fresh each start (a restored store never reuses one). */
  private readonly clientIds = new Map<string | null, number>();
  private readonly conflicts: ConflictStore;
  readonly outbox: SyncOutbox;
  private readonly remote: RemoteApplier;
  private readonly scoped: ScopedDocs;
  private readonly sql;
  /** The bulk batch in progress (see `inBulk`), null on the single path. */
  private batch: BulkBatch | null = null;
  private readonly bulkWriter: BulkWriter;
  private readonly batchHooks: ((summary: BulkSummary) => void)[] = [];
  private pendingSummaries: BulkSummary[] = [];
  private readonly walSync: WalSync;
  private readonly groupCommit: GroupCommit;

  constructor(private readonly deps: RecordsEngineDeps) {
    const db = deps.db;
    this.walSync = new WalSync(db);
    this.groupCommit = new GroupCommit({
      walSync: this.walSync,
      transaction: (fn, emit) => this.transaction(fn, emit),
      savepoint: (fn) => this.savepoint(fn),
      announce: (events) => this.emitChanges(events),
    });
    this.hlc = new HybridLogicalClock(deps.clock, db);
    this.projector = new Projector(db);
    this.validation = new WriteValidation(new StatementCache(db));
    this.conflicts = new ConflictStore(db);
    this.outbox = new SyncOutbox(db);
    this.sql = {
      getDoc: db.prepare('SELECT entity, state FROM record_docs WHERE id = ?'),
      putDoc: db.prepare(
        `INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
    };
    this.remote = new RemoteApplier({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      outbox: this.outbox,
      transaction: (fn) => this.transaction(fn),
      project: (entity, id, before, entries, ctx, action, at, quiet, stages) => this.project(entity, id, before, entries, ctx, action, at, quiet, stages),
      inBulk: () => this.batch !== null,
    });
    this.bulkWriter = new BulkWriter({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      validation: this.validation,
      outbox: this.outbox,
      clientIdFor: (userId) => this.clientIdFor(userId),
      scoped: () => this.scoped,
      // Its entries hold every value written, restricted ones included: no scoped document to merge in.
      project: (entity, id, entries, ctx, action, at, stages) => this.project(entity, id, null, entries, ctx, action, at, true, stages, true),
    });
    this.scoped = new ScopedDocs({
      db,
      clock: deps.clock,
      hlc: this.hlc,
      outbox: this.outbox,
      checks: this.remote.checks,
      transaction: (fn) => this.transaction(fn),
      project: (entity, id, before, entries, ctx, at, quiet) => this.project(entity, id, before, entries, ctx, 'derive', at, quiet, undefined, true),
    });
    this.remote.scopedApply = (id, update, opts) => this.scoped.applyRemote(id, update, opts);
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
      try {
        const result = fn();
        this.hlc.persist();
        if (batch.count > 0) {
          const summary = batch.summary();
          for (const hook of this.batchHooks) hook(summary);
          this.pendingSummaries.push(summary);
        }
        return result;
      } finally {
        this.batch = null;
      }
    });
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
    const stored = this.sql.getDoc.get(recordId) as { state: Buffer } | undefined;
    return stored ? Y.encodeStateVectorFromUpdate(stored.state) : null;
  }

  /** A digest of the record's live entries: equal on two installs exactly when they hold the same values and conflicts. */
  digest(recordId: string): string | null {
    const stored = this.sql.getDoc.get(recordId) as { state: Buffer } | undefined;
    return stored ? recordDigest(recordId, stored.state) : null;
  }

  private clientIdFor(userId: string | null): number {
    let id = this.clientIds.get(userId);
    if (id === undefined) {
      id = randomInt(1, 2 ** 31 - 1);
      this.clientIds.set(userId, id);
    }
    return id;
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
  transaction<T>(fn: () => T, emit: (events: RecordChange[]) => void = (events) => this.emitChanges(events)): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      const result = this.deps.db.transaction(fn)();
      const events = this.pending;
      const summaries = this.pendingSummaries;
      this.pending = [];
      this.pendingSummaries = [];
      this.depth--;
      emit(events);
      for (const { ids: _ids, actor: _actor, ...arrived } of summaries) this.events.emit('records.arrived', arrived);
      return result;
    } catch (error) {
      this.pending = [];
      this.pendingSummaries = [];
      this.depth--;
      this.outbox.forgetCount();
      throw error;
    }
  }

  private emitChanges(events: readonly RecordChange[]): void {
    for (const e of events) this.events.emit('record.changed', e);
  }

  /** WAL fsyncs group commit has started: fewer than the writes it committed when writers share them. */
  walSyncs(): number {
    return this.walSync.syncs;
  }

  /** Closes the WAL file handle group commit syncs through (the store itself is closed by its owner). */
  close(): void {
    this.walSync.close();
  }

  /** Group commit (group-commit.ts): resolves once the write is committed and on disk. */
  batched<T>(fn: () => T): Promise<T> {
    return this.groupCommit.run(fn);
  }

  /** One write of a group commit in its own savepoint: a failure rolls back its changes alone. */
  private savepoint<T>(fn: () => T): T {
    const mark = this.pending.length;
    try {
      return this.deps.db.transaction(fn)();
    } catch (error) {
      this.pending.length = mark;
      this.outbox.forgetCount();
      throw error;
    }
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

  /**
   * PATCH (`update`) or PUT (`replace`). With `ifVersion` (the `version` the client read), a
   * field the body changes that someone else changed since is a 409 naming it: nothing is
   * written over a value the writer never saw.
   */
  update(
    entityName: string,
    id: string,
    body: unknown,
    ctx: WriteContext,
    mode: 'update' | 'replace' = 'update',
    opts: WriteOptions = {},
  ): Record<string, unknown> {
    const entity = this.entity(entityName);
    return this.transaction(() => {
      this.requireLive(entity, id);
      const values = this.validated(entity, body, mode, ctx, id);
      if (opts.ifVersion !== undefined) checkNotStale(entity, id, this.docState(id), values, opts.ifVersion);
      return this.commit(entity, id, values, ctx, 'update');
    });
  }

  private docState(id: string): Uint8Array {
    return (this.sql.getDoc.get(id) as { state: Buffer }).state;
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

  /**
   * Keeps a field's current value over the concurrent value that lost (dismissing a
   * conflict): a write of the value shown, which supersedes both entries on every peer.
   */
  settle(entityName: string, id: string, field: string, ctx: WriteContext): void {
    const entity = this.entity(entityName);
    this.transaction(() => {
      const current = this.currentValues(entity, id);
      if (!current) throw notFound(entity.label);
      const custom = field.startsWith('custom_fields.') ? field.slice('custom_fields.'.length) : null;
      const value = custom !== null ? (objectOr(current.custom_fields)[custom] ?? null) : (current[field] ?? null);
      this.commit(entity, id, { [field]: value }, ctx, 'update');
    });
  }

  /** The record's current values from its document, or null if it does not exist. */
  currentValues(entity: EntityDef, id: string): Record<string, unknown> | null {
    const stored = this.sql.getDoc.get(id) as { entity: string; state: Buffer } | undefined;
    if (!stored || stored.entity !== entity.name) return null;
    const doc = loadDoc(id, stored.state);
    try {
      return valuesFromWinners(entity, id, winnersOf(readEntries(doc)));
    } finally {
      doc.destroy();
    }
  }

  /** The projected row mirrors the document, so liveness is read there without decoding. */
  private requireLive(entity: EntityDef, id: string): void {
    if (!this.isLive(entity.table, id)) throw notFound(entity.label);
  }

  private isLive(table: string, id: string): boolean {
    return this.validation.isLive(table, id);
  }

  private validated(entity: EntityDef, body: unknown, mode: WriteMode, ctx: WriteContext, id: string): Record<string, unknown> {
    return this.validation.validated(entity, body, mode, ctx, id);
  }

  /** Stores a local write: document, outbox, row, hooks, queued event. */
  private commit(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext, action: RecordAction): Record<string, unknown> {
    const stored = this.sql.getDoc.get(id) as { state: Buffer } | undefined;
    if (!stored) return this.commitNew(entity, id, values, ctx, action);
    const doc = loadDoc(id, stored.state);
    try {
      // The record is its document plus its role-restricted documents (scoped-docs.ts).
      const own = readEntries(doc);
      const scopedBefore = this.scoped.entriesOf(id);
      const entries = scopedBefore ? mergeEntries(own, scopedBefore) : own;
      const winners = winnersOf(entries);
      const before = valuesFromWinners(entity, id, winners);
      const now = this.deps.clock.now();
      if (ctx.origin !== 'remote') applyEntityRules(entity.name, before, values, now);
      const changed: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(values)) {
        if (field === 'tags') {
          if (!sameValue(tagsOf(winners), [...((value as string[] | null) ?? [])].sort())) changed.tags = value ?? [];
          continue;
        }
        // Writing a field that holds a conflict settles it, even with the value it already shows.
        const live = entries.get(field);
        if (!live || live.length > 1 || !sameValue(winners.get(field)!.value, value)) changed[field] = value ?? null;
      }
      if (Object.keys(changed).length === 0) return before;
      const at = now.toISOString();
      changed.updated_at = at;
      const stamp = this.hlc.next(latestStamp(entries));
      const stageMove = stageMoveOf(entity.name, before, changed);
      const restricted = this.scoped.take(entity, id, changed);
      writeRecord(doc, {
        entity: entity.name,
        clientId: this.clientIdFor(ctx.actor),
        userId: ctx.actor,
        stamp,
        createdMs: null,
        values: changed,
        entries: own,
        stageMove,
      });
      const movedAside = this.scoped.moveAside(id, doc, Object.keys(changed), restricted, at);
      this.store(id, entity, Y.encodeStateAsUpdate(doc), at);
      if (restricted)
        this.scoped.write(entity, restricted, { clientId: this.clientIdFor(ctx.actor), userId: ctx.actor, stamp, createdMs: docMeta(doc).createdMs, at });
      // Scoped documents are read again only when this write changed them.
      const scopedAfter = restricted || movedAside ? this.scoped.entriesOf(id) : scopedBefore;
      const after = scopedAfter ? mergeEntries(readEntries(doc), scopedAfter) : readEntries(doc);
      return this.project(entity, id, before, after, ctx, action, at, false, readStageLog(doc), true).after;
    } finally {
      doc.destroy();
    }
  }

  /** A new record: its document is encoded directly (no Y.Doc) and its entries known without reading it. */
  private commitNew(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext, action: RecordAction): Record<string, unknown> {
    const now = this.deps.clock.now();
    if (ctx.origin !== 'remote') applyEntityRules(entity.name, null, values, now);
    const at = now.toISOString();
    const written: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) written[field] = field === 'tags' ? (value ?? []) : (value ?? null);
    written.created_at = at;
    written.updated_at = at;
    const clientId = this.clientIdFor(ctx.actor);
    const stamp = this.hlc.next();
    const stageMove = stageMoveOf(entity.name, null, written);
    const own = { ...written };
    const restricted = this.scoped.take(entity, id, own);
    this.store(id, entity, encodeNewRecord({ entity: entity.name, clientId, userId: ctx.actor, createdMs: now.getTime(), stamp, values: own, stageMove }), at);
    if (restricted) this.scoped.write(entity, restricted, { clientId, userId: ctx.actor, stamp, createdMs: now.getTime(), at });
    const writer = writerKey(clientId);
    const entries = new Map<string, Entry[]>();
    for (const [field, value] of Object.entries(written)) {
      if (field !== 'tags') entries.set(field, [{ field, writer, value, stamp }]);
      else for (const tag of new Set(value as string[])) entries.set(`${TAG_PREFIX}${tag}`, [{ field: `${TAG_PREFIX}${tag}`, writer, value: true, stamp }]);
    }
    const stages: StageStep[] = stageMove
      ? [{ writer, stamp, actor: ctx.actor, from: stageMove[0], to: stageMove[1], closeDate: stageMove.length === 3 ? stageMove[2] : null }]
      : [];
    return this.project(entity, id, null, entries, ctx, action, at, false, stages, true).after;
  }

  private store(id: string, entity: EntityDef, state: Uint8Array, at: string): void {
    this.sql.putDoc.run(id, entity.name, Buffer.from(state), at);
    this.outbox.markDirty(id, entity.name, at);
    if (!this.batch) this.hlc.persist();
  }

  /** Row, search index, conflicts, in-transaction hooks and the queued event of one changed document. */
  private project(
    entity: EntityDef,
    id: string,
    before: Record<string, unknown> | null,
    entries: Map<string, Entry[]>,
    ctx: WriteContext,
    action: RecordAction | 'derive',
    at: string,
    quiet: boolean,
    stages?: readonly StageStep[],
    scopedIncluded = false,
  ): RecordChange {
    // A remote update of the record's own document: its scoped documents did not change.
    if (!scopedIncluded) ({ before, entries } = this.withScoped(entity, id, before, entries));
    const after = valuesFromWinners(entity, id, winnersOf(entries));
    const resolved = action === 'derive' ? remoteAction(before, after) : action;
    this.projector.project(entity, after, before === null, latestStamp(entries), before);
    this.conflicts.sync(entity.name, id, conflictsOf(entries), at, before !== null);
    const change: RecordChange = {
      entity: entity.name,
      id,
      action: resolved,
      actor: ctx.actor,
      origin: ctx.origin,
      at,
      changes: diffValues(before, after),
      before,
      after,
      quiet,
    };
    if (stages) change.stages = stages;
    for (const hook of this.hooks) hook(change);
    if (this.batch && quiet) this.batch.add(change);
    else this.pending.push(change);
    return change;
  }

  private withScoped(entity: EntityDef, id: string, before: Record<string, unknown> | null, entries: Map<string, Entry[]>) {
    const scoped = this.scoped.entriesOf(id);
    if (!scoped) return { before, entries };
    const restricted = objectOr(valuesFromWinners(entity, id, winnersOf(scoped)).custom_fields);
    const merged = before ? { ...before, custom_fields: { ...objectOr(before.custom_fields), ...restricted } } : null;
    return { before: merged, entries: mergeEntries(entries, scoped) };
  }
}

export type { Row };
