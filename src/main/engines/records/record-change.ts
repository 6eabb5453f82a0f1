import type { StageStep } from '../../../shared/record-doc/stage-log';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { Entry } from '../../../shared/record-doc/doc-format';

/** Where a change came from; the audit trail and notifications show it. */
export const ORIGINS = ['ui', 'api', 'remote', 'system', 'import'] as const;
export type Origin = (typeof ORIGINS)[number];

export type RecordAction = 'create' | 'update' | 'delete' | 'restore';

export interface WriteContext {
  /** User id of the author, null for the system. */
  actor: string | null;
  origin: Origin;
}

/** The one event every write emits after commit (and hands to in-transaction hooks before). */
export interface RecordChange {
  entity: string;
  id: string;
  action: RecordAction;
  actor: string | null;
  origin: Origin;
  at: string;
  /** Fields whose value changed, with old and new value (updated_at left out). */
  changes: Record<string, { old: unknown; new: unknown }>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** Part of a bulk arrival (a new device's bootstrap): no per-record notifications or audit entries. */
  quiet?: boolean;
  /** A deal's or lead's stage history as its document holds it (analytics projects it). */
  stages?: readonly StageStep[];
}

/** A record read through the API (the audit trail logs views where an admin turned that on). */
export interface RecordView {
  entity: string;
  id: string;
  actor: string;
  at: string;
}

export type BulkAction = 'update' | 'delete' | 'restore';

/** One change applied to many records at once, announced before its writes (same transaction). */
export interface BulkChange {
  entity: string;
  action: BulkAction;
  ids: readonly string[];
  /** Field values, for `update`. */
  changes: Record<string, unknown> | null;
  ctx: WriteContext;
}

/** A batch of remote updates was applied (after commit): one summary instead of a flood. */
export interface RecordsArrived {
  count: number;
  byEntity: Record<string, number>;
  quiet: boolean;
  at: string;
  /** `remote` for a peer's batch or bootstrap; `import` or `system` for a local bulk batch. */
  origin: Origin;
}

export interface RecordEvents extends Record<string, unknown> {
  'record.changed': RecordChange;
  'records.arrived': RecordsArrived;
  'record.viewed': RecordView;
}

/**
 * The write path's projection of one changed document: row, search entry, conflicts, hooks and
 * the queued event. The records engine owns it; the remote applier calls it for each update.
 */
export type ProjectDocument = (
  entity: EntityDef,
  id: string,
  before: Record<string, unknown> | null,
  entries: Map<string, Entry[]>,
  ctx: WriteContext,
  action: RecordAction | 'derive',
  at: string,
  quiet: boolean,
  stages?: readonly StageStep[],
) => RecordChange;
