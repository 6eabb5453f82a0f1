import type { SessionUser } from '../../api/token-store';
import { DashboardScreen } from '../dashboards/DashboardScreen';

/** The first screen of the day is the user's default dashboard. */
export function OverviewScreen({ user }: { user: SessionUser }) {
  return <DashboardScreen user={user} />;
}
