import * as Y from 'yjs';
import { NOTES_FIELD } from '../../../shared/co-editing/doc-channel';

/**
 * A Yjs update from a page or another install is input: it must parse, and may only touch the
 * room's one shared text (no other root types that would grow the room unseen).
 */
export function checkTextUpdate(update: Uint8Array): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return 'unreadable Yjs update';
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === 'string' && struct.parent !== NOTES_FIELD) return `update touches "${struct.parent}", not the notes`;
    if (struct.parentSub !== null) return 'update writes a map key; the notes are text';
  }
  return null;
}
