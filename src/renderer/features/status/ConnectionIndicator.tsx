import { SyncIndicator } from '../sync/SyncIndicator';
import { useConnectionStatus } from './use-connection-status';

/** Whether the local API and its live updates answer, then the team sync pill (only with a team). */
export function ConnectionIndicator() {
  const { apiReachable, socketConnected } = useConnectionStatus();
  // An open socket proves the API answers; the status poll covers the socket being down.
  const reachable = socketConnected || apiReachable;
  const online = reachable === true && socketConnected;
  const state = reachable === undefined ? 'checking' : online ? 'online' : 'offline';
  const label = state === 'checking' ? 'Connecting…' : online ? 'Online' : reachable ? 'Live updates paused' : 'Offline';
  const title = [reachable ? 'Local API reachable' : 'Local API not reachable', socketConnected ? 'live updates connected' : 'live updates disconnected'].join(
    ' · ',
  );
  return (
    <div className="connection-group">
      <div className={`connection ${state}`} title={title} data-testid="connection-status" data-state={state}>
        <span className="connection-dot" aria-hidden="true" />
        <span>{label}</span>
      </div>
      <SyncIndicator />
    </div>
  );
}
