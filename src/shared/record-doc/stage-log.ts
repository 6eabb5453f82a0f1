import * as Y from 'yjs';
import { docMeta, writerUser } from './doc-format';

/**
 * A deal's or lead's stage history, carried in its record document so that every install
 * holding the same document derives the same transitions, whatever order updates came in.
 *
 * Root map `h` (history), append-only: `<stamp>@<writer>` -> `[from, to]` for a lead,
 * `[from, to, close_date]` for a deal (its expected close date as of the move: the slip the
 * forecast learns from). `<stamp>` is the write's HLC stamp relative to the document's
 * creation, in base 36, the same stamp as the stage entry written with it; the authored time
 * is read from it. The one write path adds an entry whenever the stage (status) changes; a
 * writer only adds keys of its own and never overwrites one. Entries are small and a record
 * moves a handful of times, so the document grows by tens of bytes per move.
 */
export const HISTORY = 'h';

/** The field whose changes make an entity's stage history. */
export const STAGE_FIELDS: Readonly<Record<string, string>> = { opportunity: 'stage', lead: 'status' };

/** Stage and status names are short enum values; anything longer is not one. */
export const MAX_STAGE_CHARS = 64;
/** A remote update carrying more moves than this is refused: no record moves that often. */
export const MAX_HISTORY_PER_UPDATE = 1000;

export interface StageStep {
  writer: string;
  /** Absolute HLC stamp (`wall_ms * 1000 + counter`). */
  stamp: number;
  /** The user behind the writer (null for the system). */
  actor: string | null;
  from: string | null;
  to: string;
  closeDate: string | null;
}

export type StageValue = [string | null, string] | [string | null, string, string | null];

export function historyKey(relativeStamp: number, writer: string): string {
  return `${relativeStamp.toString(36)}@${writer}`;
}

/** `<stamp>@<writer>` -> parts, or null when the key is not of that form. */
export function parseHistoryKey(key: string): { relative: number; writer: string } | null {
  const m = /^(-?[0-9a-z]{1,12})@([0-9a-z]{1,7})$/.exec(key);
  if (!m) return null;
  const relative = parseInt(m[1], 36);
  return Number.isSafeInteger(relative) ? { relative, writer: m[2] } : null;
}

const stageText = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_STAGE_CHARS;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `[from, to]` or `[from, to, close_date]` with short stage names and a date (or null). */
export function isStageValue(value: unknown): value is StageValue {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return false;
  if (value[0] !== null && !stageText(value[0])) return false;
  if (!stageText(value[1])) return false;
  return value.length === 2 || value[2] === null || (typeof value[2] === 'string' && DATE.test(value[2]));
}

export function stageValue(from: string | null, to: string, entity: string, closeDate: unknown): StageValue {
  return entity === 'opportunity' ? [from, to, typeof closeDate === 'string' && DATE.test(closeDate) ? closeDate : null] : [from, to];
}

/**
 * The history entry a write makes, or null: `before` the record's values before the write
 * (null for a create), `written` the values it writes. Writing the stage it already has (a
 * conflict settled with the value shown) is not a move.
 */
export function stageMoveOf(entity: string, before: Record<string, unknown> | null, written: Record<string, unknown>): StageValue | null {
  const field = STAGE_FIELDS[entity];
  if (!field || !(field in written)) return null;
  const to = written[field];
  const from = before ? before[field] : null;
  if (!stageText(to) || from === to) return null;
  const close = 'close_date' in written ? written.close_date : before?.close_date;
  return stageValue(stageText(from) ? (from as string) : null, to as string, entity, close);
}

/** Entries as stored (key and value) -> steps in authored order; malformed ones are skipped. */
export function stepsOf(raw: Iterable<[string, unknown]>, createdMs: number, userOf: (writer: string) => string | null): StageStep[] {
  const steps: StageStep[] = [];
  for (const [key, value] of raw) {
    const parsed = parseHistoryKey(key);
    if (!parsed || !isStageValue(value)) continue;
    steps.push({
      writer: parsed.writer,
      stamp: createdMs * 1000 + parsed.relative,
      actor: userOf(parsed.writer),
      from: value[0],
      to: value[1],
      closeDate: value.length === 3 ? value[2] : null,
    });
  }
  return steps.sort((a, b) => (a.stamp !== b.stamp ? a.stamp - b.stamp : a.writer < b.writer ? -1 : a.writer > b.writer ? 1 : 0));
}

/** The document's stage history (empty for other entities and for records not yet created). */
export function readStageLog(doc: Y.Doc): StageStep[] {
  const meta = docMeta(doc);
  if (meta.entity === null || meta.createdMs === null || !STAGE_FIELDS[meta.entity]) return [];
  const map = doc.getMap(HISTORY);
  if (map.size === 0) return [];
  return stepsOf(map.entries() as Iterable<[string, unknown]>, meta.createdMs, (w) => writerUser(doc, w));
}
