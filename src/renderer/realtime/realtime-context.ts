import { createContext, useContext } from 'react';
import type { RealtimeSocket } from './realtime-socket';

export interface Realtime {
  activity: RealtimeSocket;
  notifications: RealtimeSocket;
}

export const RealtimeContext = createContext<Realtime | undefined>(undefined);

export function useRealtime(): Realtime {
  const realtime = useContext(RealtimeContext);
  if (!realtime) throw new Error('useRealtime must be used inside <RealtimeContext.Provider>');
  return realtime;
}
