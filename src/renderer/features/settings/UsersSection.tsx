import { useCallback, useEffect, useState } from 'react';
import { USER_ROLES } from '../../../shared/entities/enums';
import { useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { Icon } from '../../app/Icon';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';
import { NewUserDialog } from './NewUserDialog';
import { optionLabel } from '../../ui/option-label';
import type { TeamUser } from '../../../shared/contract/api-types';

export type { TeamUser };

/** Admins: the team's accounts, their roles and whether they can sign in. */
export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const api = useApi();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  // Read again after each change here and when an account changes elsewhere (/ws/activity/).
  const { data, error, refetch } = useApiQuery('users.list', { query: { page_size: 100, ordering: 'username' } });
  const users = data?.results;
  const load = useCallback(() => void refetch(), [refetch]);
  useEffect(() => {
    if (error) toast(error.message, { tone: 'error' });
  }, [error, toast]);

  async function patch(user: TeamUser, changes: Partial<TeamUser>, message: string) {
    try {
      await api.call('users.update', { params: { id: user.id }, body: changes });
      toast(message);
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
    load();
  }

  return (
    <section className="card pad-lg form-stack" data-testid="users-section">
      <div className="section-header">
        <h3>Users and roles</h3>
        <button type="button" className="button primary" onClick={() => setAdding(true)} data-testid="user-add">
          <Icon name="plus" size={15} /> Add user
        </button>
      </div>
      <table className="simple-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Last sign-in</th>
            <th>Active</th>
          </tr>
        </thead>
        <tbody>
          {users?.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td>
                <strong>{u.full_name || u.username}</strong>
                <div className="muted small">{u.username}</div>
              </td>
              <td>{u.email}</td>
              <td>
                <select
                  value={u.role}
                  disabled={u.id === currentUserId}
                  onChange={(e) => void patch(u, { role: e.target.value }, `${u.username} is now ${e.target.value.replace(/_/g, ' ')}`)}
                  aria-label={`Role of ${u.username}`}
                >
                  {USER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {optionLabel(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.last_login ? formatDateTime(u.last_login) : <span className="muted">Never</span>}</td>
              <td>
                <input
                  type="checkbox"
                  checked={u.is_active}
                  disabled={u.id === currentUserId}
                  onChange={(e) =>
                    void patch(u, { is_active: e.target.checked }, `${u.username} ${e.target.checked ? 'can sign in again' : 'can no longer sign in'}`)
                  }
                  aria-label={`${u.username} active`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {adding && (
        <NewUserDialog
          onClose={() => setAdding(false)}
          onCreated={() => {
            setAdding(false);
            load();
          }}
        />
      )}
    </section>
  );
}
