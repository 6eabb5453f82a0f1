import type { Db } from '../../db/open-database';
import type { RecordChange, RecordsEngine } from '../records';
import { stampTime } from '../../../shared/record-doc/stamps';
import { STAGE_FIELDS, type StageStep } from '../../../shared/record-doc/stage-log';

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
 * Keeps `stage_transitions` (migration 0010) as a projection of the stage history each deal's
 * and lead's document carries (`h`, see record-doc/stage-log.ts): every write of such a record,
 * local or remote, hands its document's history to this hook in the write's transaction, and
 * each entry becomes one row. The history only grows, so the rows are a pure function of the
 * document: the same on every install whatever order updates arrived in, dated by the stamp
 * of the write that made the move (its authored time).
 *
 * Rows from before the history was carried (migration 0022) stay as they were; their key
 * (record, authored time, new stage) is the one a carried entry gets, so nothing is doubled.
 */
export class StageHistory {
  private readonly upsert;
  /**
   * Bumped by every record write (inside its transaction; a rollback only costs a cache miss).
   * Answers computed at one version are true until the next: requests that write only
   * sessions or audit rows do not disturb them.
   */
  version = 0;

  constructor(db: Db) {
    // Two entries with one key (same record, millisecond and stage) keep the smallest of their
    // details, so the row does not depend on which arrived first.
    this.upsert = db.prepare(
      `INSERT INTO stage_transitions (key, record_id, entity, from_stage, to_stage, at, actor, close_date)
       VALUES (@key, @record_id, @entity, @from_stage, @to_stage, @at, @actor, @close_date)
       ON CONFLICT(key) DO UPDATE SET from_stage = excluded.from_stage, actor = excluded.actor, close_date = excluded.close_date
       WHERE (coalesce(excluded.from_stage, ''), coalesce(excluded.actor, ''), coalesce(excluded.close_date, ''))
           < (coalesce(from_stage, ''), coalesce(actor, ''), coalesce(close_date, ''))`,
    );
  }

  /** Registers the in-transaction hook. */
  attach(records: RecordsEngine): void {
    records.onWrite((change) => {
      this.version++;
      for (const t of transitionsOf(change, stepsAdded(change))) this.record(t);
    });
  }

  record(t: StageTransition): void {
    this.upsert.run({ ...t, key: `${t.entity}|${t.record_id}|${t.at}|${t.to_stage}` });
  }
}

/**
 * The history steps a change can have added to its document. A local edit adds at most its own
 * move, stamped after everything the document held (the write's clock runs past the latest
 * stamp), and each step before it was projected by the write that added it: upserting the
 * whole history on every edit was 4% of an update's server CPU and grows with the history.
 * A remote update or a new record may bring any number of steps, in any order: all of them.
 */
function stepsAdded(change: RecordChange): readonly StageStep[] | undefined {
  if (!change.stages || change.origin === 'remote' || change.action === 'create') return change.stages;
  const field = STAGE_FIELDS[change.entity];
  if (!field || !(field in change.changes)) return [];
  let last: StageStep | null = null;
  for (const step of change.stages) if (last === null || step.stamp > last.stamp) last = step;
  return last ? [last] : [];
}

/** The rows a change's document history makes (none for other entities); `steps`: the part of it to make. */
export function transitionsOf(change: RecordChange, steps: readonly StageStep[] | undefined = change.stages): StageTransition[] {
  if (!steps || (change.entity !== 'opportunity' && change.entity !== 'lead')) return [];
  const entity = change.entity;
  return steps.map((s: StageStep) => ({
    record_id: change.id,
    entity,
    from_stage: s.from,
    to_stage: s.to,
    at: stampTime(s.stamp),
    actor: s.actor,
    close_date: s.closeDate,
  }));
}
