import type * as Y from 'yjs';

/**
 * Brings a Y.Text to `next` with one delete and one insert over the changed middle (common
 * prefix and suffix kept), so characters others are typing around it keep their places.
 */
export function applyTextDiff(text: Y.Text, next: string, caret?: number): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  // Typing "a" into "aa": the caret says which "a" is new (the prefix would claim the first).
  const max = Math.min(current.length, next.length, caret === undefined ? Infinity : Math.max(0, caret - Math.max(0, next.length - current.length)));
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  const shorter = Math.min(current.length, next.length);
  while (end < shorter - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const removed = current.length - start - end;
  const inserted = next.slice(start, next.length - end);
  text.doc!.transact(() => {
    if (removed > 0) text.delete(start, removed);
    if (inserted.length > 0) text.insert(start, inserted);
  });
}
