import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { AppError, notFound } from '../../../shared/errors';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { WriteMode } from '../../../shared/entities/validate-record';
import type { WriteValidation } from './write-validation';
import { objectOr } from '../../core/json-object';
import { latestStamp, tagsOf, docMeta } from '../../../shared/record-doc/doc-format';
import { buildNewRecord } from './new-record';
import { DocCache } from './doc-cache';
import { readStageLog, stageMoveOf } from '../../../shared/record-doc/stage-log';
import type { HybridLogicalClock } from './hlc';
import { readEntries, winnersOf, writeRecord } from './record-doc';
import { sameValue } from './record-diff';
import { valuesFromWinners } from './projection';
import { applyEntityRules } from './entity-rules';
import { checkNotStale } from './stale-write';
import type { SyncOutbox } from './sync-outbox';
import { mergeEntries, type ScopedDocs } from './scoped-docs';
import type { ChangeProjection } from './change-projection';
import type { BulkBatch } from './bulk-write';
import type { RecordAction, WriteContext } from './record-change';

/** Stored bytes of the decoded documents kept (doc-cache.ts): about 26 MB of heap, 2,000 new leads. */
const DOC_CACHE_BYTES = 1_000_000;

export interface LocalWriteDeps {
  db: Db;
  clock: Clock;
  hlc: HybridLogicalClock;
  outbox: SyncOutbox;
  validation: WriteValidation;
  scoped: () => ScopedDocs;
  projection: ChangeProjection;
  clientIdFor: (userId: string | null) => number;
  /** The schema new record documents are written in (doc-format.ts). */
  docVersion: () => number;
  /** The bulk batch in progress, null on the single path. */
  batch: () => BulkBatch | null;
  transaction: <T>(fn: () => T) => T;
}

/** What a stale-write check needs: the version the client read (`If-Match`). */
export interface WriteOptions {
  ifVersion?: string;
}

/**
 * The single write path's local writes (DESIGN.md section 3): create, update, delete,
 * restore and settle, each in the write path's transaction: the record's Yjs document and
 * outbox row, then its projection (row, search index, hooks, queued event).
 */
export class LocalWrite {
  private readonly sql;
  /**
   * Decoded documents of recent reads and writes. A PATCH that an entity rule watches reads the
   * record (the guard) just before its update decodes it again, and a record written is often
   * written again: both take the decoded one while the stored bytes are the same.
   */
  private readonly docs = new DocCache(DOC_CACHE_BYTES);

  constructor(private readonly deps: LocalWriteDeps) {
    this.sql = {
      getDoc: deps.db.prepare('SELECT entity, state FROM record_docs WHERE id = ?'),
      putDoc: deps.db.prepare(
        `INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** The record's stored document (its entity and Yjs state), undefined when there is none. */
  storedDoc(id: string): { entity: string; state: Buffer } | undefined {
    return this.sql.getDoc.get(id) as { entity: string; state: Buffer } | undefined;
  }

  create(entity: EntityDef, body: unknown, ctx: WriteContext, id: string): Record<string, unknown> {
    return this.deps.transaction(() => {
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
  update(entity: EntityDef, id: string, body: unknown, ctx: WriteContext, mode: 'update' | 'replace', opts: WriteOptions): Record<string, unknown> {
    return this.deps.transaction(() => {
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
  writeSystemFields(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext): Record<string, unknown> {
    return this.deps.transaction(() => {
      this.requireLive(entity, id);
      return this.commit(entity, id, { ...values }, ctx, 'update');
    });
  }

  remove(entity: EntityDef, id: string, ctx: WriteContext): void {
    this.deps.transaction(() => {
      this.requireLive(entity, id);
      this.commit(entity, id, { deleted_at: this.deps.clock.now().toISOString() }, ctx, 'delete');
    });
  }

  restore(entity: EntityDef, id: string, ctx: WriteContext): Record<string, unknown> {
    return this.deps.transaction(() => {
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
  settle(entity: EntityDef, id: string, field: string, ctx: WriteContext): void {
    this.deps.transaction(() => {
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
    return valuesFromWinners(entity, id, winnersOf(readEntries(this.docs.read(id, stored.state))));
  }

  /** The projected row mirrors the document, so liveness is read there without decoding. */
  private requireLive(entity: EntityDef, id: string): void {
    if (!this.isLive(entity.table, id)) throw notFound(entity.label);
  }

  private isLive(table: string, id: string): boolean {
    return this.deps.validation.isLive(table, id);
  }

  private validated(entity: EntityDef, body: unknown, mode: WriteMode, ctx: WriteContext, id: string): Record<string, unknown> {
    return this.deps.validation.validated(entity, body, mode, ctx, id);
  }

  /** Stores a local write: document, outbox, row, hooks, queued event. */
  private commit(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext, action: RecordAction): Record<string, unknown> {
    const stored = this.sql.getDoc.get(id) as { state: Buffer } | undefined;
    if (!stored) return this.commitNew(entity, id, values, ctx, action);
    const doc = this.docs.take(id, stored.state);
    // Given back to the cache once stored; destroyed when the write fails or changes nothing stored.
    let kept = false;
    try {
      // The record is its document plus its role-restricted documents (scoped-docs.ts).
      const own = readEntries(doc);
      const scopedBefore = this.deps.scoped().entriesOf(id);
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
      if (Object.keys(changed).length === 0) {
        kept = this.docs.keep(id, stored.state, doc);
        return before;
      }
      const at = now.toISOString();
      changed.updated_at = at;
      const stamp = this.deps.hlc.next(latestStamp(entries));
      const stageMove = stageMoveOf(entity.name, before, changed);
      const restricted = this.deps.scoped().take(entity, id, changed);
      writeRecord(doc, {
        entity: entity.name,
        clientId: this.deps.clientIdFor(ctx.actor),
        userId: ctx.actor,
        stamp,
        createdMs: null,
        values: changed,
        entries: own,
        stageMove,
      });
      const movedAside = this.deps.scoped().moveAside(id, doc, Object.keys(changed), restricted, at);
      const state = this.store(id, entity, Y.encodeStateAsUpdate(doc), at);
      if (restricted)
        this.deps
          .scoped()
          .write(entity, restricted, { clientId: this.deps.clientIdFor(ctx.actor), userId: ctx.actor, stamp, createdMs: docMeta(doc).createdMs, at });
      // Scoped documents are read again only when this write changed them.
      const scopedAfter = restricted || movedAside ? this.deps.scoped().entriesOf(id) : scopedBefore;
      const after = scopedAfter ? mergeEntries(readEntries(doc), scopedAfter) : readEntries(doc);
      const projected = this.deps.projection.project(entity, id, before, after, ctx, action, at, false, readStageLog(doc), true).after;
      kept = this.docs.keep(id, state, doc);
      return projected;
    } finally {
      if (!kept) doc.destroy();
    }
  }

  /** A new record: its document is encoded directly (no Y.Doc) and its entries known without reading it. */
  private commitNew(entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext, action: RecordAction): Record<string, unknown> {
    const created = buildNewRecord(this.deps, entity, id, values, ctx);
    this.store(id, entity, created.state, created.at);
    return this.deps.projection.project(entity, id, null, created.entries, ctx, action, created.at, false, created.stages, true).after;
  }

  /** Stores the record's document; returns the bytes stored. */
  private store(id: string, entity: EntityDef, state: Uint8Array, at: string): Buffer {
    const stored = Buffer.from(state);
    this.sql.putDoc.run(id, entity.name, stored, at);
    this.deps.outbox.markDirty(id, entity.name, at);
    if (!this.deps.batch()) this.deps.hlc.persist();
    return stored;
  }
}
