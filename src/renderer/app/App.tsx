import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createQueryClient } from '../api/query-client';
import type { ApiClient } from '../api/api-client';
import type { Session } from '../api/token-store';
import { SignInScreen } from '../features/auth/SignInScreen';
import { OwnerSetupScreen } from '../features/auth/OwnerSetupScreen';
import { ApiContext } from './api-context';
import { AppShell } from './AppShell';
import { ToastHost } from '../ui/ToastHost';
import { BootstrapScreen } from '../features/sync/BootstrapScreen';
import { isJoining, markJoining } from '../features/sync/joining-flag';

export function App({ api }: { api: ApiClient }) {
  const [session, setSession] = useState<Session | undefined>(api.currentSession);
  // Unknown until the server answers; a new install asks for its owner instead of a sign-in.
  const [needsSetup, setNeedsSetup] = useState<boolean | undefined>(undefined);
  // A device that has just joined a team waits for the team's records before opening.
  const [joining, setJoining] = useState(isJoining);
  const [queryClient] = useState(createQueryClient);

  useEffect(
    () =>
      api.onSessionChange((next) => {
        setSession(next);
        setJoining(next !== undefined && isJoining());
        // Another person may sign in next: nothing read for this one stays in the cache.
        if (!next) queryClient.clear();
      }),
    [api, queryClient],
  );
  useEffect(() => {
    if (session) return;
    api.needsSetup().then(setNeedsSetup, () => setNeedsSetup(false));
  }, [api, session]);

  let screen;
  if (session && joining)
    screen = (
      <BootstrapScreen
        onDone={() => {
          markJoining(false);
          setJoining(false);
        }}
      />
    );
  else if (session) screen = <AppShell user={session.user} onSignOut={() => api.signOut()} />;
  else if (needsSetup === undefined) screen = null;
  else screen = needsSetup ? <OwnerSetupScreen /> : <SignInScreen />;
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>
        <ToastHost>{screen}</ToastHost>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
