import { useEffect, useState } from 'react';
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

  useEffect(
    () =>
      api.onSessionChange((next) => {
        setSession(next);
        setJoining(next !== undefined && isJoining());
      }),
    [api],
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
      <ToastHost>{screen}</ToastHost>
    </ApiContext.Provider>
  );
}
