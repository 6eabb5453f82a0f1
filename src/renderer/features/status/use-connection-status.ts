import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useRealtime } from '../../realtime/realtime-context';

const POLL_MS = 30_000;
/**
 * The first status call waits until the screen has loaded: on the M store it takes 1.6 s
 * of the engine's (single) thread (measured), which would otherwise delay the first list.
 */
const FIRST_POLL_MS = 2_500;

export interface ConnectionStatus {
  apiReachable: boolean | undefined;
  socketConnected: boolean;
}

/** Online = the local API answers and the activity socket is open (team sync has its own status, see features/sync). */
export function useConnectionStatus(): ConnectionStatus {
  const api = useApi();
  const { activity } = useRealtime();
  const [apiReachable, setApiReachable] = useState<boolean | undefined>();
  const [socketConnected, setSocketConnected] = useState(activity.connected);

  useEffect(() => activity.onState(setSocketConnected), [activity]);

  useEffect(() => {
    let stopped = false;
    const poll = () => {
      api
        .call('system.status')
        .then(() => !stopped && setApiReachable(true))
        .catch(() => !stopped && setApiReachable(false));
    };
    const first = window.setTimeout(poll, FIRST_POLL_MS);
    const timer = window.setInterval(poll, POLL_MS);
    const onOnline = () => poll();
    window.addEventListener('online', onOnline);
    return () => {
      stopped = true;
      window.clearTimeout(first);
      window.clearInterval(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [api]);

  return { apiReachable, socketConnected };
}
