import type { Db } from '../../db/open-database';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../../core/clock';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { Entry } from '../../../shared/record-doc/doc-format';
import type { StageStep } from '../../../shared/record-doc/stage-log';
import type { HybridLogicalClock } from './hlc';
import type { WriteValidation } from './write-validation';
import { buildNewRecord } from './new-record';
import type { SyncOutbox } from './sync-outbox';
import type { ScopedDocs } from './scoped-docs';
import type { Origin, RecordAction, RecordChange, RecordsArrived, WriteContext } from './record-change';

/**
 * One batch of the bulk path (import, seeding, a new device's bootstrap): what it changed,
 * counted instead of announced record by record. At its end the batch writes one summary
 * (in-transaction hooks: the audit's one entry) and, after commit, one `records.arrived`.
 */
export class BulkBatch {
  readonly byEntity: Record<string, number> = {};
  /** Ids of the records the batch changed, in order (the audit's entry lists them). */
  readonly ids: string[] = [];

  constructor(
    readonly ctx: WriteContext,
    readonly at: string,
  ) {}

  add(change: RecordChange): void {
    this.byEntity[change.entity] = (this.byEntity[change.entity] ?? 0) + 1;
    this.ids.push(change.id);
  }

  get count(): number {
    return this.ids.length;
  }

  summary(): BulkSummary {
    return { count: this.count, byEntity: { ...this.byEntity }, quiet: true, at: this.at, origin: this.ctx.origin, actor: this.ctx.actor, ids: this.ids };
  }
}

/** A bulk batch as its in-transaction hooks see it. */
export interface BulkSummary extends RecordsArrived {
  origin: Origin;
  actor: string | null;
  ids: readonly string[];
}

export interface BulkWriterDeps {
  db: Db;
  clock: Clock;
  hlc: HybridLogicalClock;
  validation: WriteValidation;
  outbox: SyncOutbox;
  clientIdFor: (userId: string | null) => number;
  /** The schema new documents are written in (the engine's). */
  docVersion: () => number;
  /** Role-restricted custom values go to their scoped documents, as on the single path. */
  scoped: () => Pick<ScopedDocs, 'take' | 'write'>;
  /** The write path's projection (row, search entry, tags, hooks); the batch counts the change. */
  project: (
    entity: EntityDef,
    id: string,
    entries: Map<string, Entry[]>,
    ctx: WriteContext,
    action: RecordAction,
    at: string,
    stages: readonly StageStep[],
  ) => RecordChange;
}

/**
 * Creates records on the bulk path. Same checks and the same bytes as `RecordsEngine.create`
 * (validation, defaults, entity rules, the byte-identical document encoder), minus what a
 * batch does once instead of per record: the clock is persisted at the batch's end, the
 * document is a plain insert (the id is new), the outbox row an insert with nothing to
 * replace, and no per-record audit entry or event (the batch has one of each).
 */
export class BulkWriter {
  private readonly sql;

  constructor(private readonly deps: BulkWriterDeps) {
    this.sql = {
      exists: deps.db.prepare('SELECT 1 FROM record_docs WHERE id = ?').pluck(),
      insertDoc: deps.db.prepare('INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Refuses (AppError) before writing anything, exactly where `create` would. */
  create(entity: EntityDef, body: unknown, ctx: WriteContext, id: string, idIsNew: boolean): Record<string, unknown> {
    if (!idIsNew && this.sql.exists.get(id)) throw new AppError('conflict', `A record with id ${id} already exists`);
    const values = this.deps.validation.validated(entity, body, 'create', ctx, id);
    for (const [field, def] of Object.entries(entity.fields)) {
      if (def.defaultsToCaller && (values[field] === undefined || values[field] === null) && ctx.actor) values[field] = ctx.actor;
    }
    values.created_by = ctx.actor;
    // A deal's or lead's first stage starts its stage history, as on the single path.
    const created = buildNewRecord(this.deps, entity, id, values, ctx);
    const { at, state } = created;
    this.sql.insertDoc.run(id, entity.name, Buffer.from(state.buffer, state.byteOffset, state.byteLength), at);
    this.deps.outbox.addNew(id, entity.name, at);
    return this.deps.project(entity, id, created.entries, ctx, 'create', at, created.stages).after;
  }
}
