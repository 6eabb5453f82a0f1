import type { FieldEntry } from './record-doc';
import { pickWinner } from './record-doc';

export interface Conflict {
  field: string;
  winner: FieldEntry;
  loser: FieldEntry;
}

/**
 * A real conflict: after a merge, a field's winner was written without its writer having
 * seen another entry (its base is older than that entry) and the two values differ. The
 * loser is kept for a person to restore. An edit made after seeing the other is not one.
 */
export function detectConflicts(before: Map<string, FieldEntry[]>, after: Map<string, FieldEntry[]>): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const [field, entries] of after) {
    if (field === 'updated_at' || field === 'created_at') continue;
    const previous = before.get(field) ?? [];
    if (previous.length === entries.length && previous.every((p, i) => p.h === entries[i]?.h)) continue;
    const winner = pickWinner(entries);
    for (const e of entries) {
      if (e.h === winner.h) continue;
      const sawIt = winner.b !== null && winner.b >= e.h;
      const superseded = entries.some((o) => o.h !== e.h && o.b !== null && o.b >= e.h);
      if (!sawIt && !superseded && JSON.stringify(e.v) !== JSON.stringify(winner.v)) {
        conflicts.push({ field, winner, loser: e });
      }
    }
  }
  return conflicts;
}
