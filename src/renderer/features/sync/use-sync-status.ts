import { useCallback, useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../shared/contract/realtime-messages';
import { useApi } from '../../app/api-context';
import { useRealtime } from '../../realtime/realtime-context';

export type { SyncStatusView };

/**
 * This install's team connection: read once over REST, then kept live by the `sync_status`
 * messages of `/ws/activity/` (read again after a reconnect, since messages may have been missed).
 */
export function useSyncStatus(): { status: SyncStatusView | undefined; reload: () => void; set: (s: SyncStatusView) => void } {
  const api = useApi();
  const { activity } = useRealtime();
  const [status, setStatus] = useState<SyncStatusView | undefined>();

  const reload = useCallback(() => {
    api.get<SyncStatusView>('/sync/status/').then(setStatus, () => undefined);
  }, [api]);

  useEffect(reload, [reload]);
  useEffect(
    () =>
      activity.onMessage((message) => {
        if (message.type === 'sync_status') setStatus(message.status);
        else if (message.type === 'connection_established' && message.gap) reload();
      }),
    [activity, reload],
  );
  return { status, reload, set: setStatus };
}
