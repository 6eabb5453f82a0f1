import { describe, expect, it } from 'vitest';
import { NOTIFY_LIMITS } from '../../../src/shared/ipc-channels';
import { parseNotifyPayload } from '../../../src/main/window/notify-payload';

describe('parseNotifyPayload', () => {
  it('accepts a title and a body', () => {
    expect(parseNotifyPayload(['Task due', 'Call Acme at 3'])).toEqual({ title: 'Task due', body: 'Call Acme at 3' });
  });

  it('drops anything that is not exactly two strings', () => {
    expect(parseNotifyPayload([])).toBeUndefined();
    expect(parseNotifyPayload(['only title'])).toBeUndefined();
    expect(parseNotifyPayload(['a', 'b', 'c'])).toBeUndefined();
    expect(parseNotifyPayload([1, 'b'])).toBeUndefined();
    expect(parseNotifyPayload(['a', { toString: () => 'b' }])).toBeUndefined();
  });

  it('enforces the length caps and a non-empty title', () => {
    expect(parseNotifyPayload(['x'.repeat(NOTIFY_LIMITS.title + 1), 'b'])).toBeUndefined();
    expect(parseNotifyPayload(['a', 'x'.repeat(NOTIFY_LIMITS.body + 1)])).toBeUndefined();
    expect(parseNotifyPayload(['  ', 'b'])).toBeUndefined();
  });

  it('strips control characters', () => {
    expect(parseNotifyPayload(['Hi\u0007', 'line1\nline2\u0000'])).toEqual({ title: 'Hi', body: 'line1\nline2' });
  });
});
