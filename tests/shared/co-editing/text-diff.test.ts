import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextDiff } from '../../../src/shared/co-editing/text-diff';

function textOf(value: string) {
  const doc = new Y.Doc();
  const text = doc.getText('notes');
  text.insert(0, value);
  const ops: unknown[] = [];
  text.observe((e) => ops.push(...e.delta));
  return { text, ops };
}

describe('applyTextDiff', () => {
  it('turns a change into one delete and one insert over the changed middle', () => {
    const { text, ops } = textOf('Call on Monday.');
    applyTextDiff(text, 'Call on Tuesday.');
    expect(text.toString()).toBe('Call on Tuesday.');
    expect(ops).toEqual([{ retain: 8 }, { delete: 3 }, { insert: 'Tues' }]);
  });

  it('places a typed character where the caret is when the text repeats', () => {
    const { text, ops } = textOf('aa');
    applyTextDiff(text, 'aaa', 1);
    expect(ops).toEqual([{ insert: 'a' }]);
    const second = textOf('aa');
    applyTextDiff(second.text, 'aaa', 3);
    expect(second.ops).toEqual([{ retain: 2 }, { insert: 'a' }]);
  });

  it('keeps a concurrent edit elsewhere in the text', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('notes').insert(0, 'Budget approved.');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    applyTextDiff(a.getText('notes'), 'Owner: Budget approved.');
    applyTextDiff(b.getText('notes'), 'Budget approved. Demo Friday.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('notes').toString()).toBe('Owner: Budget approved. Demo Friday.');
    expect(b.getText('notes').toString()).toBe(a.getText('notes').toString());
  });

  it('changes nothing when the text is already there', () => {
    const { text, ops } = textOf('same');
    applyTextDiff(text, 'same');
    expect(ops).toEqual([]);
  });
});
