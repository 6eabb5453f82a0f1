import type { UpdateEnvelope } from '../../../src/shared/sync/sync-protocol';

/** The stored form of an envelope's audience: `,role,role,` (strpos finds `,rep,`), '' for everyone. */
export function audienceColumn(audience: readonly string[] | undefined): string {
  return audience && audience.length > 0 ? `,${audience.join(',')},` : '';
}

/**
 * The hot part of an append as one statement: `UPDATE teams ... RETURNING` takes the team row
 * lock and hands out `head+1..head+n`; the same statement inserts the rows, moves the device's
 * head and, with several instances, queues `NOTIFY channel, '<team>:<new head>'` (delivered on
 * commit, in commit order). The lock is then held only until COMMIT, the next round trip: the
 * team's appends per second are bounded by that hold, across every instance.
 */
export function appendStatement(
  teamId: string,
  deviceId: string,
  deviceHead: number,
  fresh: UpdateEnvelope[],
  notifyChannel?: string,
  fastPath = false,
  epoch?: number,
) {
  const params: unknown[] = [teamId, deviceId, fresh.length, deviceHead];
  // A push made against an older compaction epoch stores nothing (checked under the team lock,
  // so a compaction that begins while the push is in flight is seen here).
  const epochGuard = epoch === undefined ? '' : `AND compaction_epoch = $${params.push(epoch)}::int4`;
  // The fast path (see fastAppendStatement) numbers the rows only if the device's stored head
  // is below the push's first client_seq: then nothing in it can be a resend.
  const guard = fastPath
    ? `AND coalesce((SELECT client_seq FROM device_heads WHERE team_id = $1 AND device_id = $2), 0) < $${params.push(fresh[0].client_seq)}::int8`
    : '';
  const tuples = fresh.map((e, i) => {
    params.push(i + 1, e.record_id, e.entity, e.schema_version, e.writer, e.client_seq, e.update, audienceColumn(e.audience));
    const b = params.length - 8;
    return `($${b + 1}::int8, $${b + 2}::text, $${b + 3}::text, $${b + 4}::int4, $${b + 5}::text, $${b + 6}::int8, $${b + 7}::bytea, $${b + 8}::text)`;
  });
  let notify = '';
  if (notifyChannel) {
    params.push(notifyChannel);
    notify = `, pg_notify($${params.length}, $1 || ':' || (t.base + $3::int8)::text) AS notified`;
  }
  const sql = `WITH t AS (
      UPDATE teams SET head_seq = head_seq + $3::int8 WHERE id = $1 ${guard} ${epochGuard} RETURNING head_seq - $3::int8 AS base
    ), ins AS (
      INSERT INTO updates (team_id, seq, record_id, entity, schema_version, writer, device_id, client_seq, data, audience)
      SELECT $1, t.base + v.ord, v.record_id, v.entity, v.schema_version, v.writer, $2, v.client_seq, v.data, v.audience
      FROM t, (VALUES ${tuples.join(', ')}) AS v(ord, record_id, entity, schema_version, writer, client_seq, data, audience)
    ), dh AS (
      INSERT INTO device_heads (team_id, device_id, client_seq, seq) SELECT $1, $2, $4::int8, t.base + $3::int8 FROM t
      ON CONFLICT (team_id, device_id) DO UPDATE SET client_seq = EXCLUDED.client_seq, seq = EXCLUDED.seq
    )
    SELECT t.base${notify} FROM t`;
  return { sql, params };
}

/**
 * A push of new changes (client_seqs increasing, all above the device's stored head: the
 * usual case) as ONE autocommitted statement: one round trip, and the team lock is held only
 * while it runs. It returns no row when that does not hold (a resend after a lost ack, an
 * unknown team) and changes nothing; the caller then takes the transaction path.
 */
export function fastAppendStatement(teamId: string, deviceId: string, envelopes: UpdateEnvelope[], notifyChannel?: string, epoch?: number) {
  for (let i = 1; i < envelopes.length; i++) if (envelopes[i].client_seq <= envelopes[i - 1].client_seq) return null;
  return appendStatement(teamId, deviceId, envelopes[envelopes.length - 1].client_seq, envelopes, notifyChannel, true, epoch);
}
