import { useState } from 'react';
import type { SessionUser } from '../api/token-store';
import { SearchPalette } from '../features/search/SearchPalette';
import { ShortcutsHelp } from '../features/shortcuts/ShortcutsHelp';
import { useGlobalShortcuts } from '../features/shortcuts/use-global-shortcuts';
import { RealtimeContext } from '../realtime/realtime-context';
import { useQueryInvalidation } from '../realtime/use-query-invalidation';
import { useRealtimeSockets } from '../realtime/use-realtime-sockets';
import { EmptyState } from '../ui/EmptyState';
import type { Route } from './hash-route';
import { useApi } from './api-context';
import { screenOf } from './screens';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';
import { useHashRoute } from './use-hash-route';

function Screen({ route, user }: { route: Route; user: SessionUser }) {
  const def = screenOf(route.screen);
  if (def) return def.render({ user, id: route.id, params: route.params });
  return (
    <div className="card">
      <EmptyState title="Nothing here" action={<a href="#/overview">Go to the overview</a>}>
        There is no screen called “{route.screen}”.
      </EmptyState>
    </div>
  );
}

export function AppShell({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }) {
  const api = useApi();
  const realtime = useRealtimeSockets(api);
  useQueryInvalidation(realtime.activity);
  const { route } = useHashRoute();
  const [searching, setSearching] = useState(false);
  const [helping, setHelping] = useState(false);
  useGlobalShortcuts({ search: () => setSearching((open) => !open), help: () => setHelping(true) });

  return (
    <RealtimeContext.Provider value={realtime}>
      <div className="shell">
        <Sidebar current={route.screen} />
        <div className="shell-main">
          <TopBar user={user} onSearch={() => setSearching(true)} onSignOut={onSignOut} />
          <main className="content" data-testid="content">
            <Screen route={route} user={user} />
          </main>
        </div>
      </div>
      {searching && <SearchPalette onClose={() => setSearching(false)} />}
      {helping && <ShortcutsHelp onClose={() => setHelping(false)} />}
    </RealtimeContext.Provider>
  );
}
