import * as Y from 'yjs';
import type { BootstrapCursor, BootstrapRecord, StoredUpdate, UpdateEnvelope } from '../../../src/shared/sync/sync-protocol';
import { appendStatement, fastAppendStatement } from './append-statement';
import type { SqlDriver, SqlExecutor } from './sql-driver';

/** A stored row as the relay sees it: the device matters for fan-out, not for the wire. */
export interface UpdateRow extends StoredUpdate {
  device_id: string;
}

export interface AppendResult {
  client_seq: number;
  seq: number;
  /** Already stored by an earlier push (a resend after a lost ack). */
  duplicate: boolean;
}

export interface BootstrapPage {
  records: BootstrapRecord[];
  cursor: BootstrapCursor;
  done: boolean;
}

/** The relay's storage of record updates: two calls on the hot path, two off it. */
export interface UpdateStore {
  /**
   * Stores envelopes durably (committed when this resolves) and returns their seqs. With
   * `epoch`, only while the team is at that compaction epoch (else StaleEpochError, nothing stored).
   */
  append(teamId: string, deviceId: string, envelopes: UpdateEnvelope[], epoch?: number): Promise<{ results: AppendResult[]; rows: UpdateRow[] }>;
  /**
   * Rows with seq > `seq`, in seq order. With `role`, only rows a member of that role may
   * receive (role-restricted documents go to their audience only); without, every row.
   */
  since(teamId: string, seq: number, limit: number, role?: string): Promise<UpdateRow[]>;
  headSeq(teamId: string): Promise<number>;
  bootstrapPage(teamId: string, cursor: BootstrapCursor | null, maxBytes: number, role?: string): Promise<BootstrapPage>;
  countRecords(teamId: string, uptoSeq: number, role?: string): Promise<number>;
  /** Merges the history of up to `limit` records that have more than `minRows` rows. */
  compact(minRows: number, limit: number, maxMergedBytes: number): Promise<number>;
}

interface DbRow {
  seq: number;
  record_id: string;
  entity: string;
  schema_version: number;
  writer: string;
  device_id: string;
  client_seq: number;
  data: Uint8Array;
  audience: string;
}

const COLUMNS = 'seq, record_id, entity, schema_version, writer, device_id, client_seq, data, audience';

/** ',admin,manager,' <-> ['admin', 'manager']; '' is the whole team. */

function audienceList(column: string): string[] {
  return column ? column.split(',').filter(Boolean) : [];
}

/** SQL condition on `audience` for a reader of role `$n` (null: no filter). */
function visibleTo(param: number): string {
  return `(audience = '' OR strpos(audience, $${param}) > 0)`;
}

function roleParam(role: string): string {
  return `,${role},`;
}

function toRow(r: DbRow): UpdateRow {
  return {
    seq: Number(r.seq),
    record_id: r.record_id,
    entity: r.entity,
    schema_version: r.schema_version,
    writer: r.writer,
    device_id: r.device_id,
    client_seq: Number(r.client_seq),
    audience: audienceList(r.audience),
    update: r.data,
  };
}

/** A push made against an older compaction epoch: the device must re-bootstrap first. */
export class StaleEpochError extends Error {
  constructor() {
    super('the team compacted its documents; re-bootstrap before pushing');
  }
}

async function staleOrUnknown(tx: SqlExecutor, teamId: string): Promise<Error> {
  const [team] = await tx.query('SELECT 1 FROM teams WHERE id = $1', [teamId]);
  return team ? new StaleEpochError() : new Error('unknown team');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * `notifyChannel` (PostgreSQL with several relay instances): each append also sends
 * `NOTIFY channel, '<team>:<head seq>'` in its transaction, so PostgreSQL delivers it on commit,
 * in commit order, and never for a rollback. It carries no data: a listener reads by seq.
 */
export function createSqlUpdateStore(db: SqlDriver, opts: { notifyChannel?: string } = {}): UpdateStore {
  return {
    async append(teamId, deviceId, envelopes, epoch) {
      const fast = envelopes.length > 0 ? fastAppendStatement(teamId, deviceId, envelopes, opts.notifyChannel, epoch) : null;
      if (fast) {
        const [row] = await db.query<{ base: number }>(fast.sql, fast.params);
        if (row) {
          const base = Number(row.base);
          return {
            results: envelopes.map((e, i) => ({ client_seq: e.client_seq, seq: base + i + 1, duplicate: false })),
            rows: envelopes.map((e, i) => ({ ...e, seq: base + i + 1, device_id: deviceId })),
          };
        }
      }
      return db.transaction(async (tx) => {
        // Before the team lock: the device's own state. One connection per device pushes at a
        // time, so nothing else changes it meanwhile (a replaced socket racing its successor
        // could store a resend twice: Yjs updates are idempotent, that costs only space).
        const [head] = await tx.query<{ client_seq: number; seq: number }>('SELECT client_seq, seq FROM device_heads WHERE team_id = $1 AND device_id = $2', [
          teamId,
          deviceId,
        ]);
        let deviceHead = head ? Number(head.client_seq) : 0;
        // A resend at or below the device's head is a duplicate only if the same update is still
        // stored under that number. Otherwise it was compacted into a later row, or the install
        // was restored from a backup and reuses numbers: storing it again costs space (Yjs
        // updates are idempotent), dropping it could lose a change.
        const low = envelopes.filter((e) => e.client_seq <= deviceHead).map((e) => e.client_seq);
        const stored = new Map<number, { seq: number; ord?: number; record_id: string; data: Uint8Array }>();
        if (low.length > 0) {
          const found = await tx.query<{ client_seq: number; seq: number; record_id: string; data: Uint8Array }>(
            'SELECT client_seq, seq, record_id, data FROM updates WHERE team_id = $1 AND device_id = $2 AND client_seq = ANY($3::int8[])',
            [teamId, deviceId, low],
          );
          for (const f of found) stored.set(Number(f.client_seq), { seq: Number(f.seq), record_id: f.record_id, data: f.data });
        }
        // New rows are numbered 1..n here and get their seqs (head + ord) from the statement below.
        const fresh: UpdateEnvelope[] = [];
        const plan: { client_seq: number; ord?: number; seq?: number }[] = [];
        for (const e of envelopes) {
          const existing = stored.get(e.client_seq);
          if (existing && existing.record_id === e.record_id && sameBytes(existing.data, e.update)) {
            plan.push({ client_seq: e.client_seq, ord: existing.ord, seq: existing.seq });
            continue;
          }
          fresh.push(e);
          deviceHead = Math.max(deviceHead, e.client_seq);
          stored.set(e.client_seq, { seq: 0, ord: fresh.length, record_id: e.record_id, data: e.update });
          plan.push({ client_seq: e.client_seq, ord: fresh.length });
        }
        let base = 0;
        if (fresh.length > 0) {
          // One statement takes the team row lock, numbers and inserts the rows, moves the heads
          // (and notifies other instances); the lock is held from it to COMMIT: two round trips.
          const { sql, params } = appendStatement(teamId, deviceId, deviceHead, fresh, opts.notifyChannel, false, epoch);
          const [row] = await tx.query<{ base: number }>(sql, params);
          if (!row) throw await staleOrUnknown(tx, teamId);
          base = Number(row.base);
        } else {
          const [team] = await tx.query<{ compaction_epoch: number }>('SELECT compaction_epoch FROM teams WHERE id = $1', [teamId]);
          if (!team) throw new Error('unknown team');
          if (epoch !== undefined && Number(team.compaction_epoch) !== epoch) throw new StaleEpochError();
        }
        const results: AppendResult[] = plan.map((p) => ({
          client_seq: p.client_seq,
          seq: p.seq && !p.ord ? p.seq : base + (p.ord ?? 0),
          duplicate: p.seq !== undefined,
        }));
        const rows: UpdateRow[] = fresh.map((e, i) => ({ ...e, audience: e.audience ?? [], seq: base + i + 1, device_id: deviceId }));
        return { results, rows };
      });
    },

    async since(teamId, seq, limit, role) {
      const rows =
        role === undefined
          ? await db.query<DbRow>(`SELECT ${COLUMNS} FROM updates WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [teamId, seq, limit])
          : await db.query<DbRow>(`SELECT ${COLUMNS} FROM updates WHERE team_id = $1 AND seq > $2 AND ${visibleTo(4)} ORDER BY seq LIMIT $3`, [
              teamId,
              seq,
              limit,
              roleParam(role),
            ]);
      return rows.map(toRow);
    },

    async headSeq(teamId) {
      const [row] = await db.query<{ head_seq: number }>('SELECT head_seq FROM teams WHERE id = $1', [teamId]);
      return Number(row?.head_seq ?? 0);
    },

    async countRecords(teamId, uptoSeq, role) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(DISTINCT record_id)::int AS n FROM updates WHERE team_id = $1 AND seq <= $2 AND ${visibleTo(3)}`,
        [teamId, uptoSeq, role === undefined ? '' : roleParam(role)],
      );
      return Number(row?.n ?? 0);
    },

    async bootstrapPage(teamId, cursor, maxBytes, role) {
      const upto = cursor ? cursor.upto_seq : await this.headSeq(teamId);
      let after = cursor ?? { upto_seq: upto, after_record_id: '', after_seq: 0 };
      // Sizes first, bytes second: a page of 30 rows should not read 1,000 rows of data.
      const heads = await db.query<{ seq: number; record_id: string; entity: string; schema_version: number; size: number }>(
        `SELECT seq, record_id, entity, schema_version, octet_length(data) AS size FROM updates
         WHERE team_id = $1 AND seq <= $2 AND (record_id, seq) > ($3, $4) AND ${visibleTo(5)} ORDER BY record_id, seq LIMIT 2000`,
        [teamId, upto, after.after_record_id, after.after_seq, role === undefined ? '' : roleParam(role)],
      );
      let done = heads.length < 2000;
      const chosen: typeof heads = [];
      let bytes = 0;
      for (const h of heads) {
        const size = Number(h.size) + h.record_id.length + 16;
        // Always take at least one row so a page makes progress; rows are far below the cap.
        if (bytes + size > maxBytes && chosen.length > 0) {
          done = false;
          break;
        }
        bytes += size;
        chosen.push(h);
      }
      const data = new Map<number, Uint8Array>();
      if (chosen.length > 0) {
        const rows = await db.query<{ seq: number; data: Uint8Array }>('SELECT seq, data FROM updates WHERE team_id = $1 AND seq = ANY($2::int8[])', [
          teamId,
          chosen.map((h) => h.seq),
        ]);
        for (const r of rows) data.set(Number(r.seq), r.data);
      }
      const groups: { record_id: string; entity: string; schema_version: number; parts: Uint8Array[] }[] = [];
      for (const h of chosen) {
        const part = data.get(Number(h.seq));
        after = { upto_seq: upto, after_record_id: h.record_id, after_seq: Number(h.seq) };
        // Compacted away between the two reads: its merged row has a higher seq, so the
        // catch-up after the bootstrap brings it.
        if (!part) continue;
        const last = groups[groups.length - 1];
        if (last && last.record_id === h.record_id) last.parts.push(part);
        else groups.push({ record_id: h.record_id, entity: h.entity, schema_version: h.schema_version, parts: [part] });
      }
      const records = groups.map((g) => ({
        record_id: g.record_id,
        entity: g.entity,
        schema_version: g.schema_version,
        update: g.parts.length === 1 ? g.parts[0] : Y.mergeUpdates(g.parts),
      }));
      return { records, cursor: after, done };
    },

    async compact(minRows, limit, maxMergedBytes) {
      // One instance compacts at a time; the others skip this run (their next timer tries again).
      return (await db.exclusive('fieldcrm.relay.compaction', () => compactRecords(db, minRows, limit, maxMergedBytes))) ?? 0;
    },
  };
}

async function compactRecords(db: SqlDriver, minRows: number, limit: number, maxMergedBytes: number): Promise<number> {
  const candidates = await db.query<{ team_id: string; record_id: string }>(
    `SELECT team_id, record_id FROM updates GROUP BY team_id, record_id HAVING count(*) > $1 LIMIT $2`,
    [minRows, limit],
  );
  let compacted = 0;
  for (const c of candidates) {
    const done = await db.transaction(async (tx) => {
      const rows = await tx.query<DbRow>(`SELECT ${COLUMNS} FROM updates WHERE team_id = $1 AND record_id = $2 ORDER BY seq`, [c.team_id, c.record_id]);
      if (rows.length <= minRows) return false;
      const merged = Y.mergeUpdates(rows.map((r) => r.data));
      if (merged.length > maxMergedBytes) return false;
      // The merged row keeps the newest seq: a client at any cursor below it receives the
      // whole history again (idempotent), one at or above it already has every part.
      const newest = rows[rows.length - 1];
      await tx.query('UPDATE updates SET data = $3 WHERE team_id = $1 AND seq = $2', [c.team_id, newest.seq, merged]);
      await tx.query('DELETE FROM updates WHERE team_id = $1 AND record_id = $2 AND seq < $3', [c.team_id, c.record_id, newest.seq]);
      return true;
    });
    if (done) compacted += 1;
  }
  return compacted;
}
