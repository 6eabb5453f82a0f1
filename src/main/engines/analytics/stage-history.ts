import type { Db } from '../../db/open-database';
import type { RecordChange, RecordsEngine } from '../records';

/** The field whose changes make an entity's stage history. */
const STAGE_FIELD: Record<string, string> = { opportunity: 'stage', lead: 'status' };

export interface StageTransition {
  record_id: string;
  entity: 'opportunity' | 'lead';
  from_stage: string | null;
  to_stage: string;
  at: string;
  actor: string | null;
  close_date: string | null;
}

/**
 * Keeps `stage_transitions` (migration 0010) from the write path: one row per stage or status
 * change, local or remote, in the write's own transaction. This is the one module that knows
 * where transitions come from; when the record document carries its own stage history, only
 * `transitionOf` changes.
 */
export class StageHistory {
  private readonly insert;
  /**
   * Bumped by every record write (inside its transaction; a rollback only costs a cache miss).
   * Answers computed at one version are true until the next: requests that write only
   * sessions or audit rows do not disturb them.
   */
  version = 0;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO stage_transitions (key, record_id, entity, from_stage, to_stage, at, actor, close_date)
       VALUES (@key, @record_id, @entity, @from_stage, @to_stage, @at, @actor, @close_date)`,
    );
  }

  /** Registers the in-transaction hook. */
  attach(records: RecordsEngine): void {
    records.onWrite((change) => {
      this.version++;
      const transition = transitionOf(change);
      if (transition) this.record(transition);
    });
  }

  record(t: StageTransition): void {
    // Deterministic: the same authored change seen twice (replayed by the relay) is one row.
    this.insert.run({ ...t, key: `${t.entity}|${t.record_id}|${t.at}|${t.to_stage}` });
  }
}

export function transitionOf(change: RecordChange): StageTransition | null {
  const field = STAGE_FIELD[change.entity];
  if (!field) return null;
  const to = change.after[field];
  if (typeof to !== 'string') return null;
  const moved = change.changes[field];
  if (change.action !== 'create' && !moved) return null;
  const from = change.action === 'create' ? null : change.before?.[field];
  const close = change.entity === 'opportunity' ? change.after.close_date : null;
  return {
    record_id: change.id,
    entity: change.entity as StageTransition['entity'],
    from_stage: typeof from === 'string' ? from : null,
    to_stage: to,
    at: change.at,
    actor: change.actor,
    close_date: typeof close === 'string' ? close : null,
  };
}
