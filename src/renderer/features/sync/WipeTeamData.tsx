import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import type { SyncStatusView } from './use-sync-status';

/**
 * Shown once the team removed this member: what stays on the computer, and the one way to
 * delete it (`POST /sync/wipe/`). The confirmation is typed, as the API wants it.
 */
export function WipeTeamData({ teamName, onWiped }: { teamName: string; onWiped: (status: SyncStatusView) => void }) {
  const api = useApi();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  async function wipe() {
    setBusy(true);
    try {
      const res = await api.call('sync.wipe', { body: { confirm: typed.trim() } });
      toast(`The data of team ${teamName} was deleted from this computer`);
      onWiped(res.status);
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
      setBusy(false);
    }
  }
  return (
    <div className="form-stack" data-testid="team-removed">
      <p>
        This account was removed from the team: nothing more is synced. The team’s records, their history and your notifications are still on this computer; you
        can keep reading them, or delete them here.
      </p>
      <div>
        <button type="button" className="button danger" onClick={() => setConfirming(true)} data-testid="team-wipe">
          Delete the team’s data from this computer
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete the data of team ${teamName}?`}
          onClose={() => setConfirming(false)}
          testId="wipe-team-dialog"
          confirmLabel="Delete"
          danger
          disabled={busy || typed.trim() !== 'wipe'}
          onConfirm={() => void wipe()}
          confirmTestId="wipe-team-confirm"
        >
          <p>Every record, document, audit entry and notification of the team is deleted from this computer. Your sign-in here stays. This cannot be undone.</p>
          <label className="field">
            <span>
              Type <strong>wipe</strong> to confirm
            </span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="wipe-team-input" autoComplete="off" />
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}
