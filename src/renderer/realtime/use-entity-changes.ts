import { useEffect, useRef } from 'react';
import { useRealtime } from './realtime-context';

const SETTLE_MS = 250;

/**
 * Calls `onChange` when records of these entities change (`/ws/activity/`), at most once per
 * 250 ms so an import or a bulk edit costs one refetch, not thousands. Also after a
 * reconnect that reported a gap, since the missed changes are unknown, and when team sync
 * reports records arrived in bulk (`records_arrived`).
 */
export function useEntityChanges(entities: readonly string[], onChange: (ids: Set<string>) => void): void {
  const { activity } = useRealtime();
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = entities.join(',');

  useEffect(() => {
    const wanted = new Set(key.split(','));
    let timer: number | undefined;
    let pending = new Set<string>();
    const flush = () => {
      const ids = pending;
      pending = new Set();
      timer = undefined;
      callback.current(ids);
    };
    const off = activity.onMessage((message) => {
      const relevant =
        (message.type === 'connection_established' && message.gap) ||
        ('entity' in message && wanted.has(message.entity)) ||
        // A new device's bootstrap lands records in bulk without one message per record.
        (message.type === 'records_arrived' && Object.keys(message.by_entity).some((e) => wanted.has(e)));
      if (!relevant) return;
      if ('id' in message && typeof message.id === 'string') pending.add(message.id);
      timer ??= window.setTimeout(flush, SETTLE_MS);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [activity, key]);
}
