import { useState } from 'react';
import type { SessionUser } from '../api/token-store';
import { AnalyticsScreen } from '../features/analytics/AnalyticsScreen';
import { CampaignsScreen } from '../features/campaigns/CampaignsScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { PipelineScreen } from '../features/pipeline/PipelineScreen';
import { RecordDetailScreen } from '../features/record-detail/RecordDetailScreen';
import { RecordListScreen } from '../features/records/RecordListScreen';
import { isResourceName, RESOURCES } from '../features/records/record-resources';
import { SearchPalette } from '../features/search/SearchPalette';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { MyDayScreen } from '../features/tasks/MyDayScreen';
import { ShortcutsHelp } from '../features/shortcuts/ShortcutsHelp';
import { useGlobalShortcuts } from '../features/shortcuts/use-global-shortcuts';
import { RealtimeContext } from '../realtime/realtime-context';
import { useQueryInvalidation } from '../realtime/use-query-invalidation';
import { useRealtimeSockets } from '../realtime/use-realtime-sockets';
import { EmptyState } from '../ui/EmptyState';
import type { Route } from './hash-route';
import { useApi } from './api-context';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';
import { useHashRoute } from './use-hash-route';

function Screen({ route, user }: { route: Route; user: SessionUser }) {
  const { screen, id, params } = route;
  if (isResourceName(screen)) {
    const resource = RESOURCES[screen];
    if (id) return <RecordDetailScreen key={`${screen}/${id}`} resource={resource} id={id} />;
    return <RecordListScreen key={screen} resource={resource} params={params} />;
  }
  switch (screen) {
    case 'overview':
      return <OverviewScreen user={user} />;
    case 'my-day':
      return <MyDayScreen user={user} />;
    case 'pipeline':
      return <PipelineScreen user={user} />;
    case 'analytics':
      return <AnalyticsScreen user={user} />;
    case 'import':
      return <ImportScreen />;
    case 'settings':
      return <SettingsScreen user={user} tab={id} />;
    case 'campaigns':
      return <CampaignsScreen user={user} id={id} params={params} />;
    default:
      return (
        <div className="card">
          <EmptyState title="Nothing here" action={<a href="#/overview">Go to the overview</a>}>
            There is no screen called “{screen}”.
          </EmptyState>
        </div>
      );
  }
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
