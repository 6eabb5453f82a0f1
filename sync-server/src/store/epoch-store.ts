import * as Y from 'yjs';
import { checkedRewrite } from '../../../src/shared/record-doc/schema3-reading';
import { isScopedDocId } from '../../../src/shared/record-doc/scoped-doc';
import { DOC_SCHEMA_VERSION } from '../../../src/shared/record-doc/doc-format';
import type { EpochState } from '../../../src/shared/sync/sync-protocol';
import type { SqlDriver } from './sql-driver';

export interface TeamEpoch {
  epoch: number;
  state: EpochState;
  stats: CompactionStats;
}

/** Figures of a team's compaction, kept with the team (GET /v1/compaction). */
export interface CompactionStats {
  records?: number;
  rewritten?: number;
  /** Schema-2 documents left as they were: their rewrite would not read the same. */
  kept?: number;
  /** Documents that are no schema-2 record document (already schema 3, role-restricted). */
  unchanged?: number;
  bytes_before?: number;
  bytes_after?: number;
  started_at?: string;
  finished_at?: string;
}

export interface LogRewritePage {
  /** The last record id gone through (the next page starts after it); null when done. */
  after: string | null;
  records: number;
  rewritten: number;
  kept: number;
  unchanged: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** The team's compaction epoch and the rewrite of its log (README, "The record document", the team-wide step). */
export interface EpochStore {
  get(teamId: string): Promise<TeamEpoch>;
  /** Moves the team to epoch E+1, state compacting; null while one is running already. */
  begin(teamId: string, at: string): Promise<TeamEpoch | null>;
  finish(teamId: string, epoch: number, stats: CompactionStats): Promise<void>;
  /** Teams whose rewrite a stopped relay left unfinished. */
  unfinished(): Promise<{ team_id: string; epoch: number; stats: CompactionStats }[]>;
  /**
   * Rewrites the logs of up to `limit` records after `after` (record id order) in one
   * transaction; null while the history compactor runs on some instance (try again shortly).
   */
  rewritePage(teamId: string, epoch: number, after: string, limit: number): Promise<LogRewritePage | null>;
  /** The merged histories of the epoch before the current one, of these records (those rewritten). */
  previous(teamId: string, recordIds: string[]): Promise<{ epoch: number; record_id: string; update: Uint8Array }[]>;
  /**
   * A device holds the team's documents of `epoch`. When every device of the team's active
   * members (those with a sign-in that has not expired or been revoked) holds it, the previous
   * histories are dropped: nobody can need them any more. Returns the rows dropped.
   */
  confirm(teamId: string, deviceId: string, epoch: number, now: Date): Promise<number>;
  /** Drops previous histories kept longer than `maxAgeMs` (a device that never comes back); returns the rows dropped. */
  dropOldPrevious(maxAgeMs: number): Promise<number>;
}

interface TeamRow {
  compaction_epoch: number;
  compaction_state: string;
  compaction_stats: string;
}

function toEpoch(r: TeamRow): TeamEpoch {
  return {
    epoch: Number(r.compaction_epoch),
    state: r.compaction_state === 'compacting' ? 'compacting' : 'ready',
    stats: JSON.parse(r.compaction_stats) as CompactionStats,
  };
}

export function createSqlEpochStore(db: SqlDriver): EpochStore {
  return {
    async get(teamId) {
      const [row] = await db.query<TeamRow>('SELECT compaction_epoch, compaction_state, compaction_stats FROM teams WHERE id = $1', [teamId]);
      return row ? toEpoch(row) : { epoch: 0, state: 'ready', stats: {} };
    },

    async begin(teamId, at) {
      // The team row lock: an append in flight commits before this (and is in the rewrite), any
      // later one sees the new epoch in its statement and stores nothing (append-statement.ts).
      const [row] = await db.query<TeamRow>(
        `UPDATE teams SET compaction_epoch = compaction_epoch + 1, compaction_state = 'compacting', compaction_stats = $2
         WHERE id = $1 AND compaction_state <> 'compacting' RETURNING compaction_epoch, compaction_state, compaction_stats`,
        [teamId, JSON.stringify({ started_at: at })],
      );
      return row ? toEpoch(row) : null;
    },

    async finish(teamId, epoch, stats) {
      await db.query(`UPDATE teams SET compaction_state = 'ready', compaction_stats = $3 WHERE id = $1 AND compaction_epoch = $2`, [
        teamId,
        epoch,
        JSON.stringify(stats),
      ]);
    },

    async unfinished() {
      const rows = await db.query<TeamRow & { id: string }>(
        `SELECT id, compaction_epoch, compaction_state, compaction_stats FROM teams WHERE compaction_state = 'compacting' ORDER BY id`,
      );
      return rows.map((r) => ({ team_id: r.id, epoch: Number(r.compaction_epoch), stats: JSON.parse(r.compaction_stats) as CompactionStats }));
    },

    async previous(teamId, recordIds) {
      const rows = await db.query<{ epoch: number; record_id: string; data: Uint8Array }>(
        'SELECT epoch, record_id, data FROM epoch_previous WHERE team_id = $1 AND record_id = ANY($2::text[]) ORDER BY record_id',
        [teamId, recordIds],
      );
      return rows.map((r) => ({ epoch: Number(r.epoch), record_id: r.record_id, update: r.data }));
    },

    async confirm(teamId, deviceId, epoch, now) {
      await db.query(
        `INSERT INTO epoch_confirmations (team_id, device_id, epoch) VALUES ($1, $2, $3)
         ON CONFLICT (team_id, device_id) DO UPDATE SET epoch = EXCLUDED.epoch, confirmed_at = now()`,
        [teamId, deviceId, epoch],
      );
      const dropped = await db.query<{ record_id: string }>(
        `DELETE FROM epoch_previous WHERE team_id = $1 AND epoch < $2 AND NOT EXISTS (
           SELECT 1 FROM refresh_tokens t
           JOIN members m ON m.team_id = t.team_id AND m.account_id = t.account_id AND m.status = 'active'
           WHERE t.team_id = $1 AND t.expires_at > $3::timestamptz AND t.revoked_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM epoch_confirmations c WHERE c.team_id = $1 AND c.device_id = t.device_id AND c.epoch >= $2)
         ) RETURNING record_id`,
        // The relay's clock, which dated the sign-ins' expiry.
        [teamId, epoch, now.toISOString()],
      );
      return dropped.length;
    },

    async dropOldPrevious(maxAgeMs) {
      const dropped = await db.query<{ record_id: string }>(
        `DELETE FROM epoch_previous WHERE kept_since < now() - make_interval(secs => $1) RETURNING record_id`,
        [maxAgeMs / 1000],
      );
      return dropped.length;
    },

    rewritePage(teamId, epoch, after, limit) {
      // The compactor's lock: its merge of a record read before this page commits would write
      // the old history back over the rewritten row.
      return db.exclusive('fieldcrm.relay.compaction', () => rewritePage(db, teamId, epoch, after, limit));
    },
  };
}

async function rewritePage(db: SqlDriver, teamId: string, epoch: number, after: string, limit: number): Promise<LogRewritePage> {
  const ids = await db.query<{ record_id: string }>(
    'SELECT DISTINCT record_id FROM updates WHERE team_id = $1 AND record_id > $2 ORDER BY record_id LIMIT $3',
    [teamId, after, limit],
  );
  const page: LogRewritePage = {
    after: ids.length < limit ? null : ids[ids.length - 1].record_id,
    records: ids.length,
    rewritten: 0,
    kept: 0,
    unchanged: 0,
    bytesBefore: 0,
    bytesAfter: 0,
  };
  if (ids.length === 0) return page;
  // One transaction per page (pushes and pulls of the team are refused meanwhile): the
  // page's rows in one read, the older rows of rewritten records in one delete.
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ record_id: string; seq: number; data: Uint8Array }>(
      'SELECT record_id, seq, data FROM updates WHERE team_id = $1 AND record_id = ANY($2::text[]) ORDER BY record_id, seq',
      [teamId, ids.map((r) => r.record_id)],
    );
    const byRecord = new Map<string, { seq: number; data: Uint8Array }[]>();
    for (const r of rows) {
      const list = byRecord.get(r.record_id);
      if (list) list.push({ seq: Number(r.seq), data: r.data });
      else byRecord.set(r.record_id, [{ seq: Number(r.seq), data: r.data }]);
    }
    const older: number[] = [];
    for (const [recordId, log] of byRecord) {
      const r = rewriteRecordLog(recordId, log);
      page.bytesBefore += r.before;
      page.bytesAfter += r.after;
      page[r.outcome] += 1;
      if (r.outcome !== 'rewritten') continue;
      const newest = log[log.length - 1].seq;
      older.push(...log.slice(0, -1).map((x) => x.seq));
      await tx.query('UPDATE updates SET data = $3, schema_version = $4 WHERE team_id = $1 AND seq = $2', [teamId, newest, r.state, DOC_SCHEMA_VERSION]);
      await tx.query(
        `INSERT INTO epoch_previous (team_id, record_id, epoch, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team_id, record_id) DO UPDATE SET epoch = EXCLUDED.epoch, data = EXCLUDED.data, kept_since = now()`,
        [teamId, recordId, epoch - 1, r.merged],
      );
    }
    if (older.length > 0) await tx.query('DELETE FROM updates WHERE team_id = $1 AND seq = ANY($2::int8[])', [teamId, older]);
  });
  return page;
}

/**
 * One record's log as one row holding its schema-3 history: the merged update of its rows
 * (what a bootstrap would send) through the shared rewrite, kept only if it reads the same.
 * The row keeps the newest seq, like the compactor's merge. Role-restricted documents and
 * records already of schema 3 keep their log (a restricted document derives nothing).
 */
function rewriteRecordLog(
  recordId: string,
  rows: { seq: number; data: Uint8Array }[],
):
  | { outcome: 'rewritten'; before: number; after: number; state: Uint8Array; merged: Uint8Array }
  | { outcome: 'kept' | 'unchanged'; before: number; after: number } {
  const before = rows.reduce((n, r) => n + r.data.length, 0);
  if (isScopedDocId(recordId)) return { outcome: 'unchanged', before, after: before };
  const merged = rows.length === 1 ? rows[0].data : Y.mergeUpdates(rows.map((r) => r.data));
  let result;
  try {
    result = checkedRewrite(recordId, merged);
  } catch {
    // A log Yjs cannot load as one document is left as it is; devices read it as before.
    return { outcome: 'kept', before, after: before };
  }
  if (!result.rewritten) return { outcome: result.reason === 'not_schema_2' ? 'unchanged' : 'kept', before, after: before };
  return { outcome: 'rewritten', before, after: result.state.length, state: result.state, merged };
}
