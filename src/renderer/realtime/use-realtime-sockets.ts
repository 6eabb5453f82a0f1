import { useEffect, useState } from 'react';
import { REALTIME_PATHS } from '../../shared/contract/realtime-messages';
import type { ApiClient } from '../api/api-client';
import type { Realtime } from './realtime-context';
import { RealtimeSocket } from './realtime-socket';

/** The signed-in app's two sockets, open while it is mounted. */
export function useRealtimeSockets(api: ApiClient): Realtime {
  const [realtime] = useState<Realtime>(() => ({
    activity: new RealtimeSocket(api, REALTIME_PATHS.activity),
    notifications: new RealtimeSocket(api, REALTIME_PATHS.notifications),
  }));
  useEffect(() => {
    realtime.activity.start();
    realtime.notifications.start();
    return () => {
      realtime.activity.stop();
      realtime.notifications.stop();
    };
  }, [realtime]);
  return realtime;
}
