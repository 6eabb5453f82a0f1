import type { SessionUser } from '../api/token-store';
import { RecordListScreen } from '../features/records/RecordListScreen';
import { isResourceName, RESOURCES } from '../features/records/record-resources';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';
import { useHashRoute } from './use-hash-route';

export function AppShell({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }) {
  const { route, navigate } = useHashRoute();
  const screen = route.screen;
  const resource = isResourceName(screen) ? RESOURCES[screen] : undefined;
  const title = resource ? resource.title : screen === 'overview' ? 'Overview' : 'Not found';

  return (
    <div className="shell">
      <Sidebar current={screen} />
      <div className="shell-main">
        <TopBar title={title} user={user} onSignOut={onSignOut} />
        <main className="content" data-testid="content">
          {resource ? (
            <RecordListScreen
              key={resource.name}
              resource={resource}
              params={route.params}
              onParamsChange={(params) => navigate(resource.name, params, true)}
            />
          ) : screen === 'overview' ? (
            <OverviewScreen />
          ) : (
            <div className="card empty-state">
              <h2>Nothing here</h2>
              <p>
                There is no screen called <code>{screen}</code>. <a href="#/overview">Go to the overview</a>.
              </p>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
