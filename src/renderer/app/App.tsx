import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import type { Session } from '../api/token-store';
import { SignInScreen } from '../features/auth/SignInScreen';
import { ApiContext } from './api-context';
import { AppShell } from './AppShell';

export function App({ api }: { api: ApiClient }) {
  const [session, setSession] = useState<Session | undefined>(api.currentSession);

  useEffect(() => api.onSessionChange(setSession), [api]);

  return (
    <ApiContext.Provider value={api}>
      {session ? <AppShell user={session.user} onSignOut={() => api.signOut()} /> : <SignInScreen />}
    </ApiContext.Provider>
  );
}
