import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatusView } from '../../../shared/contract/realtime-messages';
import { useApi } from '../../app/api-context';
import { useRealtime } from '../../realtime/realtime-context';

export type { SyncStatusView };

/** While changes wait for the relay's acknowledgement, how often the count is read again. */
const PENDING_POLL_MS = 1_500;
/** After local edits (activity messages), the pending count is read again at most this often. */
const AFTER_WRITE_MS = 1_000;

/**
 * This install's team connection: read once over REST, then kept live by the `sync_status`
 * messages of `/ws/activity/` (read again after a reconnect that missed messages). The engine
 * announces state changes but not each acknowledgement or local write, so while a team exists
 * the pending count is also re-read after record changes and, while it is above zero, polled.
 */
export function useSyncStatus(): { status: SyncStatusView | undefined; reload: () => void; set: (s: SyncStatusView) => void } {
  const api = useApi();
  const { activity } = useRealtime();
  const [status, setStatus] = useState<SyncStatusView | undefined>();
  const inTeam = useRef(false);
  inTeam.current = Boolean(status?.team);

  const reload = useCallback(() => {
    api.call('sync.status').then(setStatus, () => undefined);
  }, [api]);

  useEffect(reload, [reload]);
  useEffect(() => {
    let timer: number | undefined;
    const off = activity.onMessage((message) => {
      if (message.type === 'sync_status') setStatus(message.status);
      else if (message.type === 'connection_established' && message.gap) reload();
      else if (inTeam.current && 'entity' in message) {
        timer ??= window.setTimeout(() => {
          timer = undefined;
          reload();
        }, AFTER_WRITE_MS);
      }
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [activity, reload]);

  const waiting = Boolean(status?.team) && ((status?.pending ?? 0) > 0 || status?.state === 'connecting');
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(reload, PENDING_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, status, reload]);

  return { status, reload, set: setStatus };
}
