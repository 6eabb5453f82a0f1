import { useConnectionStatus } from './use-connection-status';

const numberFormat = new Intl.NumberFormat();

export function ConnectionIndicator() {
  const { apiReachable, socketConnected, outboxPending, syncConfigured } = useConnectionStatus();
  // An open socket proves the API answers; the status poll only adds the outbox figure.
  const reachable = socketConnected || apiReachable;
  const online = reachable === true && socketConnected;
  const state = reachable === undefined ? 'checking' : online ? 'online' : 'offline';
  const label = state === 'checking' ? 'Connecting…' : online ? 'Online' : reachable ? 'Live updates paused' : 'Offline';
  // Changes waiting for the team only mean something once a team relay is set up.
  const pending = syncConfigured ? (outboxPending ?? 0) : 0;
  const title = [
    reachable ? 'Local API reachable' : 'Local API not reachable',
    socketConnected ? 'live updates connected' : 'live updates disconnected',
    !syncConfigured ? 'no team sync set up' : pending > 0 ? `${numberFormat.format(pending)} local changes not yet synced to the team` : 'all changes synced',
  ].join(' · ');
  return (
    <div className={`connection ${state}`} title={title} data-testid="connection-status" data-state={state} data-pending={pending}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label}</span>
      {pending > 0 && <span className="pending-pill" data-testid="pending-changes">{numberFormat.format(pending)} pending</span>}
    </div>
  );
}
