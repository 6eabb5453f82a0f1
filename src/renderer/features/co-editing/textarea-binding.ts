import type * as Y from 'yjs';
import { applyTextDiff } from '../../../shared/co-editing/text-diff';

/** Where a caret index goes when others' changes (a Y.Text delta) land before it. */
function moveThrough(delta: Y.YTextEvent['delta'], position: number): number {
  let index = 0;
  let moved = position;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index < position) moved += length;
      index += length;
    } else if (op.delete !== undefined) {
      if (index < position) moved -= Math.min(op.delete, position - index);
    }
  }
  return Math.max(0, moved);
}

/**
 * Two-way binding of a textarea and a Y.Text: what the user types becomes the smallest edit
 * of the shared text; what others type is put in without moving the user's caret off the
 * characters it was between.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text): () => void {
  const origin = { textarea };
  textarea.value = text.toString();
  const onInput = () => {
    text.doc!.transact(() => applyTextDiff(text, textarea.value, textarea.selectionEnd), origin);
  };
  const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    const focused = textarea.ownerDocument.activeElement === textarea;
    const start = moveThrough(event.delta, textarea.selectionStart);
    const end = moveThrough(event.delta, textarea.selectionEnd);
    textarea.value = text.toString();
    if (focused) textarea.setSelectionRange(start, end);
  };
  textarea.addEventListener('input', onInput);
  text.observe(observer);
  return () => {
    textarea.removeEventListener('input', onInput);
    text.unobserve(observer);
  };
}
