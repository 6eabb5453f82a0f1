import { describe, expect, it } from 'vitest';
import { WidgetCache } from '../../../../src/main/engines/dashboards/widget-cache';

describe('widget cache', () => {
  it('keeps data until it expires, a record of its entities changes, or the widget changes', () => {
    const cache = new WidgetCache();
    cache.put('w1|admin', 'w1', ['opportunity'], { value: 1 }, 1_000);
    cache.put('w1|rep', 'w1', ['opportunity'], { value: 2 }, 1_000);
    cache.put('w2|admin', 'w2', ['task'], { value: 3 }, 1_000);
    expect(cache.get('w1|admin', 999)).toEqual({ value: 1 });
    expect(cache.get('w1|admin', 1_000)).toBeUndefined();
    cache.invalidateEntity('opportunity');
    expect(cache.get('w1|rep', 0)).toBeUndefined();
    expect(cache.get('w2|admin', 0)).toEqual({ value: 3 });
    cache.invalidateWidget('w2');
    expect(cache.get('w2|admin', 0)).toBeUndefined();
  });
});
