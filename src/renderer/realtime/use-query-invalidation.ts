import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isAffectedBy } from '../api/query-keys';
import type { RealtimeSocket } from './realtime-socket';

const SETTLE_MS = 250;

/**
 * `/ws/activity/` keeps the cache honest: a record change marks that model's lists, that record
 * and its history out of date (on-screen ones are read again, others when next shown). Changes
 * are gathered for 250 ms so an import or a bulk edit costs one refetch per query, not
 * thousands. After a reconnect that missed messages, or records arriving in bulk (a new
 * device's bootstrap), everything is read again.
 */
export function useQueryInvalidation(activity: RealtimeSocket): void {
  const client = useQueryClient();
  useEffect(() => {
    let changed = new Map<string, Set<string>>();
    let everything = false;
    let timer: number | undefined;
    const flush = () => {
      timer = undefined;
      const batch = changed;
      const all = everything;
      changed = new Map();
      everything = false;
      if (all) void client.invalidateQueries();
      else void client.invalidateQueries({ predicate: (q) => [...batch].some(([entity, ids]) => isAffectedBy(q.queryKey, entity, ids)) });
    };
    const off = activity.onMessage((message) => {
      if ((message.type === 'connection_established' && message.gap) || message.type === 'records_arrived') everything = true;
      else if ('entity' in message) changed.set(message.entity, (changed.get(message.entity) ?? new Set()).add(message.id));
      else return;
      timer ??= window.setTimeout(flush, SETTLE_MS);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [activity, client]);
}
