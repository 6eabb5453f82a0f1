import type { EntityDef } from '../../../shared/entities/field-def';
import { latestStamp, type Entry } from '../../../shared/record-doc/doc-format';
import type { StageStep } from '../../../shared/record-doc/stage-log';
import { winnersOf } from './record-doc';
import { diffValues, remoteAction } from './record-diff';
import { valuesFromWinners, type Projector } from './projection';
import { conflictsOf, type ConflictStore } from './conflicts';
import { mergeEntries, type ScopedDocs } from './scoped-docs';
import type { BulkBatch } from './bulk-write';
import type { WriteTransaction } from './write-transaction';
import type { RecordAction, RecordChange, WriteContext } from './record-change';
import { objectOr } from '../../core/json-object';

/** Runs inside the write's transaction (audit, field history): a throw rolls the write back. */
export type InTransactionHook = (change: RecordChange) => void;

export interface ChangeProjectionDeps {
  projector: Projector;
  conflicts: ConflictStore;
  scoped: () => ScopedDocs;
  hooks: readonly InTransactionHook[];
  /** The bulk batch in progress, null on the single path. */
  batch: () => BulkBatch | null;
  tx: WriteTransaction;
}

/**
 * What every changed document goes through, local or remote: row, search index, conflicts,
 * in-transaction hooks and the queued event (or the bulk batch's count).
 */
export class ChangeProjection {
  constructor(private readonly deps: ChangeProjectionDeps) {}

  /** Row, search index, conflicts, in-transaction hooks and the queued event of one changed document. */
  project(
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
    this.deps.projector.project(entity, after, before === null, latestStamp(entries), before);
    this.deps.conflicts.sync(entity.name, id, conflictsOf(entries), at, before !== null);
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
    for (const hook of this.deps.hooks) hook(change);
    const batch = this.deps.batch();
    if (batch && quiet) batch.add(change);
    else this.deps.tx.queue(change);
    return change;
  }

  private withScoped(entity: EntityDef, id: string, before: Record<string, unknown> | null, entries: Map<string, Entry[]>) {
    const scoped = this.deps.scoped().entriesOf(id);
    if (!scoped) return { before, entries };
    const restricted = objectOr(valuesFromWinners(entity, id, winnersOf(scoped)).custom_fields);
    const merged = before ? { ...before, custom_fields: { ...objectOr(before.custom_fields), ...restricted } } : null;
    return { before: merged, entries: mergeEntries(entries, scoped) };
  }
}
