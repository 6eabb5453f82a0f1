import type * as Y from 'yjs';
import type { EntityDef } from '../../../shared/entities/field-def';
import { canonicalJson, latestStamp, readEntries, winnersOf } from '../../../shared/record-doc/doc-format';
import { readStageLog } from '../../../shared/record-doc/stage-log';
import { loadDoc } from './record-doc';
import { valuesFromWinners } from './projection';
import { conflictsOf } from './conflicts';

/**
 * Everything a read of a record takes from its own document, as one text: the projected
 * values (the row, its search entry and tags), the version (the greatest stamp, which the API
 * shows and stale-write checks compare), the conflicts (field, both entries, both values) and
 * the stage history (the analytics rows). Two documents with the same reading give every API
 * read the same answer.
 */
export function documentReading(entity: EntityDef, id: string, state: Uint8Array): string {
  const doc = loadDoc(id, state);
  try {
    return readingOf(entity, id, doc);
  } finally {
    doc.destroy();
  }
}

/** The same of a loaded document. */
export function readingOf(entity: EntityDef, id: string, doc: Y.Doc): string {
  const entries = readEntries(doc);
  const conflicts = conflictsOf(entries).map((c) => [c.field, c.winner.writer, c.winner.stamp, c.winner.value, c.loser.writer, c.loser.stamp, c.loser.value]);
  return canonicalJson({
    values: valuesFromWinners(entity, id, winnersOf(entries)),
    version: latestStamp(entries),
    conflicts,
    stages: readStageLog(doc),
  });
}

/** Whether the rewritten document reads exactly as the old one (loaded). */
export function readsTheSame(entity: EntityDef, id: string, before: Y.Doc, after: Uint8Array): boolean {
  return readingOf(entity, id, before) === documentReading(entity, id, after);
}
