import type { ReactNode } from 'react';
import type { SessionUser } from '../api/token-store';
import { AnalyticsScreen } from '../features/analytics/AnalyticsScreen';
import { CampaignsScreen } from '../features/campaigns/CampaignsScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { PipelineScreen } from '../features/pipeline/PipelineScreen';
import { RecordDetailScreen } from '../features/record-detail/RecordDetailScreen';
import { RecordListScreen } from '../features/records/RecordListScreen';
import { RESOURCES, type ResourceName } from '../features/records/record-resources';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { MyDayScreen } from '../features/tasks/MyDayScreen';
import type { IconName } from './icon-paths';

export interface ScreenProps {
  user: SessionUser;
  /** Second segment of the hash route: a record id, `new`, a settings tab. */
  id: string | undefined;
  params: URLSearchParams;
}

export interface ScreenDef {
  /** `#/<screen>`: the route and the navigation link's target. */
  screen: string;
  label: string;
  icon: IconName;
  /** The sidebar section it is listed under (none: the top group). */
  section?: 'Sales' | 'Workspace';
  /** Indented under the item before it. */
  sub?: boolean;
  render: (props: ScreenProps) => ReactNode;
}

/** A record type's list and record page (`#/leads`, `#/leads/<id>`). */
function recordScreen(name: ResourceName, label: string, icon: IconName): ScreenDef {
  const resource = RESOURCES[name];
  return {
    screen: name,
    label,
    icon,
    section: 'Sales',
    render: ({ id, params }) =>
      id ? <RecordDetailScreen key={`${name}/${id}`} resource={resource} id={id} /> : <RecordListScreen key={name} resource={resource} params={params} />,
  };
}

/**
 * Every screen of the app, in sidebar order: the routes and the navigation both read this
 * table, so a new feature is its folder plus one line here.
 */
export const SCREENS: readonly ScreenDef[] = [
  { screen: 'overview', label: 'Overview', icon: 'overview', render: ({ user }) => <OverviewScreen user={user} /> },
  { screen: 'my-day', label: 'My day', icon: 'sun', render: ({ user }) => <MyDayScreen user={user} /> },
  recordScreen('leads', 'Leads', 'lead'),
  recordScreen('contacts', 'Contacts', 'contact'),
  recordScreen('companies', 'Companies', 'company'),
  recordScreen('opportunities', 'Opportunities', 'opportunity'),
  { screen: 'pipeline', label: 'Pipeline', icon: 'pipeline', section: 'Sales', sub: true, render: ({ user }) => <PipelineScreen user={user} /> },
  recordScreen('tasks', 'Tasks', 'task'),
  recordScreen('activities', 'Activities', 'activity'),
  { screen: 'analytics', label: 'Analytics', icon: 'chart', section: 'Sales', render: ({ user }) => <AnalyticsScreen user={user} /> },
  {
    screen: 'campaigns',
    label: 'Campaigns',
    icon: 'mail',
    section: 'Sales',
    render: ({ user, id, params }) => <CampaignsScreen user={user} id={id} params={params} />,
  },
  { screen: 'import', label: 'Import', icon: 'upload', section: 'Workspace', render: () => <ImportScreen /> },
  { screen: 'settings', label: 'Settings', icon: 'settings', section: 'Workspace', render: ({ user, id }) => <SettingsScreen user={user} tab={id} /> },
];

const BY_SCREEN = new Map(SCREENS.map((s) => [s.screen, s]));

export function screenOf(name: string): ScreenDef | undefined {
  return BY_SCREEN.get(name);
}
