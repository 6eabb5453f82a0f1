import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { asApiError } from '../../ui/as-api-error';
import { optionLabel } from '../../ui/option-label';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';
import type { TeamMember as Member } from '../../../shared/contract/api-types';
import { useApiQuery } from '../../api/use-api-query';

/** The team's members and roles, from the relay; team admins may remove anyone but themselves. */
export function MembersTable({ canRemove, selfId, refreshKey }: { canRemove: boolean; selfId: string; refreshKey: number }) {
  const api = useApi();
  const toast = useToast();
  const [removing, setRemoving] = useState<Member | undefined>();

  // From the relay: read again when the team section says it changed (refreshKey) and after a removal.
  const { data, error, refetch } = useApiQuery('sync.members', {});
  const members: Member[] | undefined = data?.results;
  const failed = error?.message;
  const load = useCallback(() => void refetch(), [refetch]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else load();
  }, [load, refreshKey]);

  async function remove(member: Member) {
    try {
      await api.call('sync.remove_member', { params: { id: member.account_id } });
      toast(`${member.display_name || member.email} was removed from the team`);
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
    setRemoving(undefined);
    load();
  }

  return (
    <div className="form-stack">
      <h4>Members</h4>
      {failed && (
        <p className="muted" data-testid="members-error">
          The member list needs the relay: {failed}
        </p>
      )}
      {members && (
        <table className="simple-table" data-testid="members-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Joined</th>
              {canRemove && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.account_id} data-testid="member-row">
                <td>
                  <strong>{m.display_name || m.email}</strong>
                  {m.account_id === selfId && <span className="muted small"> (you)</span>}
                </td>
                <td>{m.email}</td>
                <td>{optionLabel(m.role)}</td>
                <td>{formatDateTime(m.joined_at)}</td>
                {canRemove && (
                  <td className="align-end">
                    {m.account_id !== selfId && (
                      <button type="button" className="button ghost small danger-text" onClick={() => setRemoving(m)} data-testid="member-remove">
                        Remove
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove from the team?"
          confirmLabel="Remove"
          danger
          onConfirm={() => void remove(removing)}
          onClose={() => setRemoving(undefined)}
          testId="remove-member-dialog"
          confirmTestId="remove-member-confirm"
        >
          <p>
            {removing.display_name || removing.email} will receive no more of the team’s changes on any of their devices. What is already on their computers
            stays there.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
