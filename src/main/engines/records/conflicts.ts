import type { Db } from '../../db/open-database';
import { newId } from '../../core/ids';
import { canonicalJson, pickWinner, TAG_PREFIX, type Entry } from '../../../shared/record-doc/doc-format';

export interface Conflict {
  field: string;
  winner: Entry;
  loser: Entry;
}

const NOT_CONFLICTS = new Set(['created_at', 'updated_at']);

/**
 * A field's conflict is a pure function of its document: entries still alive side by side
 * were written without seeing each other (a write supersedes every entry it has seen), and
 * the ones whose value differs from the winner's lost. Every peer holding the same document
 * lists the same conflicts, whatever order the updates came in. Two concurrent deletes
 * (different times, same meaning) and tags (a set, merged) are not conflicts.
 */
export function conflictsOf(entries: Map<string, Entry[]>): Conflict[] {
  const out: Conflict[] = [];
  for (const [field, list] of entries) {
    if (list.length < 2 || NOT_CONFLICTS.has(field) || field.startsWith(TAG_PREFIX)) continue;
    const winner = pickWinner(list);
    for (const e of list) {
      if (e === winner || canonicalJson(e.value) === canonicalJson(winner.value)) continue;
      if (field === 'deleted_at' && e.value !== null && winner.value !== null) continue;
      out.push({ field, winner, loser: e });
    }
  }
  return out;
}

const stampText = (e: Entry) => `${e.stamp}.${e.writer}`;

/** Keeps the open rows of `record_conflicts` equal to the document's conflicts. */
export class ConflictStore {
  private readonly open;
  private readonly insert;
  private readonly supersede;
  private readonly rewin;

  constructor(db: Db) {
    this.open = db.prepare('SELECT id, field, losing_hlc FROM record_conflicts WHERE record_id = ? AND resolved_at IS NULL');
    // One row per loser: a conflict that was superseded (say its winner briefly took the
    // loser's value) and that the document shows again reopens that row. Ignoring the insert
    // left it closed on the installs that saw the detour and open on the others.
    this.insert = db.prepare(
      `INSERT INTO record_conflicts
       (id, entity, record_id, field, losing_value, losing_hlc, winning_value, winning_hlc, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (record_id, field, losing_hlc) DO UPDATE SET
         winning_value = excluded.winning_value, winning_hlc = excluded.winning_hlc,
         detected_at = excluded.detected_at, resolved_at = NULL, resolution = NULL, resolved_by = NULL`,
    );
    this.supersede = db.prepare("UPDATE record_conflicts SET resolved_at = ?, resolution = 'superseded' WHERE id = ?");
    this.rewin = db.prepare('UPDATE record_conflicts SET winning_value = ?, winning_hlc = ? WHERE id = ? AND winning_hlc != ?');
  }

  sync(entity: string, recordId: string, conflicts: readonly Conflict[], at: string, hadEntries: boolean): void {
    if (!hadEntries && conflicts.length === 0) return;
    const wanted = new Map(conflicts.map((c) => [`${c.field}|${stampText(c.loser)}`, c]));
    for (const row of this.open.all(recordId) as { id: string; field: string; losing_hlc: string }[]) {
      const key = `${row.field}|${row.losing_hlc}`;
      const still = wanted.get(key);
      if (!still) this.supersede.run(at, row.id);
      else {
        // The loser is still there but the winner may have moved on (its writer edited again).
        const winner = stampText(still.winner);
        this.rewin.run(JSON.stringify(still.winner.value), winner, row.id, winner);
        wanted.delete(key);
      }
    }
    for (const c of wanted.values()) {
      this.insert.run(
        newId(),
        entity,
        recordId,
        c.field,
        JSON.stringify(c.loser.value),
        stampText(c.loser),
        JSON.stringify(c.winner.value),
        stampText(c.winner),
        at,
      );
    }
  }
}
