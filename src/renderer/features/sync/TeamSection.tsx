import { useState } from 'react';
import type { SessionUser } from '../../api/token-store';
import { useApi } from '../../app/api-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { asApiError } from '../../ui/as-api-error';
import { optionLabel } from '../../ui/option-label';
import { useToast } from '../../ui/toast-context';
import { CompactTeam } from './CompactTeam';
import { ConnectTeamForm } from './ConnectTeamForm';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
import { describeSync } from './sync-labels';
import { WipeTeamData } from './WipeTeamData';
import { useSyncStatus, type SyncStatusView } from './use-sync-status';

const STATE_LABELS: Record<SyncStatusView['state'], string> = {
  disabled: 'Not connected',
  connecting: 'Connecting',
  connected: 'Connected',
  offline: 'Offline',
  error: 'Error',
  removed: 'Removed from the team',
};

/** Settings › Team: connect this install to a team, or see the connection, members, invites, and leave. */
export function TeamSection({ user }: { user: SessionUser }) {
  const { status, set } = useSyncStatus();
  const [membersKey, setMembersKey] = useState(0);
  const isLocalAdmin = user.role === 'admin';

  if (!status) return <section className="card pad-lg" data-testid="team-section" aria-busy="true" />;
  if (!status.team) {
    return (
      <section className="card pad-lg" data-testid="team-section" data-connected="false">
        {isLocalAdmin ? (
          <ConnectTeamForm defaultEmail={user.email} onConnected={set} />
        ) : (
          <p className="muted">This install is not connected to a team. An admin can connect it here.</p>
        )}
      </section>
    );
  }

  const team = status.team;
  const teamAdmin = team.role === 'admin';
  const view = describeSync(status);
  return (
    <section className="card pad-lg form-stack team-section" data-testid="team-section" data-connected="true">
      <div className="section-header">
        <h3>Team {team.name}</h3>
        {view && (
          <span className={`sync-pill ${view.look}`} data-testid="team-sync-state">
            <span className="sync-pill-dot" aria-hidden="true" />
            {view.label}
          </span>
        )}
      </div>
      <dl className="team-facts">
        <dt>Relay</dt>
        <dd data-testid="team-relay">{team.relay_url}</dd>
        <dt>Your role</dt>
        <dd data-testid="team-role">{optionLabel(team.role)}</dd>
        <dt>State</dt>
        <dd data-testid="team-state">
          {STATE_LABELS[status.state]}
          {status.pending > 0 && <span className="muted"> · {new Intl.NumberFormat().format(status.pending)} changes waiting</span>}
        </dd>
        {status.last_error && (
          <>
            <dt>Last error</dt>
            <dd className="danger-text" data-testid="team-last-error">
              {status.last_error}
            </dd>
          </>
        )}
      </dl>
      {status.state === 'removed' ? (
        (isLocalAdmin || user.id === team.account_id) && <WipeTeamData teamName={team.name} onWiped={set} />
      ) : (
        <>
          <MembersTable canRemove={teamAdmin} selfId={team.account_id} refreshKey={membersKey} />
          {teamAdmin && <InviteForm onInvited={() => setMembersKey((k) => k + 1)} />}
          <CompactTeam canStart={teamAdmin} />
          {isLocalAdmin && <LeaveTeam teamName={team.name} onLeft={set} />}
        </>
      )}
    </section>
  );
}

function LeaveTeam({ teamName, onLeft }: { teamName: string; onLeft: (status: SyncStatusView) => void }) {
  const api = useApi();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  async function leave() {
    setBusy(true);
    try {
      const status = await api.call('sync.disconnect');
      toast(`This computer left team ${teamName}; its records stay here`);
      onLeft(status);
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
      setBusy(false);
      setConfirming(false);
    }
  }
  return (
    <div className="team-leave">
      <button type="button" className="button ghost danger-text" onClick={() => setConfirming(true)} data-testid="team-leave">
        Leave the team on this computer
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Leave team ${teamName}?`}
          confirmLabel="Leave the team"
          danger
          disabled={busy}
          onConfirm={() => void leave()}
          onClose={() => setConfirming(false)}
          testId="leave-team-dialog"
          confirmTestId="leave-team-confirm"
        >
          <p>
            Syncing stops on this computer. All records stay here and you can keep working with them; changes made from now on are not sent to the team, and the
            team’s changes no longer arrive.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
