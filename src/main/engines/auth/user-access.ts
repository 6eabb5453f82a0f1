import { AppError, validationError } from '../../../shared/errors';
import type { Caller } from '../../core/handler';

/**
 * The rules of the users endpoints, in one place, for every path that reads or writes a user
 * account: its own endpoints, and the generic ones (revert, as-of, snapshots, the audit trail).
 * A revert once needed only write access and so could restore a demoted manager's role,
 * reactivate a deactivated user or edit an admin's account.
 */

/** What every teammate may see of another account. */
export const BRIEF_USER_FIELDS = ['id', 'username', 'email', 'full_name', 'first_name', 'last_name', 'role', 'is_active'] as const;

/** What a user may change of their own account (`PATCH /auth/me/`). */
export const SELF_EDITABLE_USER_FIELDS = ['first_name', 'last_name', 'phone', 'department', 'timezone', 'language', 'notification_preferences'] as const;

export function seesWholeAccount(caller: Pick<Caller, 'id' | 'role'>, userId: string): boolean {
  return caller.role === 'admin' || caller.id === userId;
}

/** An account as this caller may read it: whole for admins and its owner, brief for everyone else. */
export function userViewFor<T extends Record<string, unknown>>(caller: Pick<Caller, 'id' | 'role'>, userId: string, values: T): Record<string, unknown> {
  if (seesWholeAccount(caller, userId)) return values;
  return Object.fromEntries(Object.entries(values).filter(([key]) => (BRIEF_USER_FIELDS as readonly string[]).includes(key)));
}

/**
 * Throws when this caller may not make these changes to this account. Admins change any
 * account but cannot remove their own admin rights or deactivate themselves; everyone else
 * changes only the self-editable fields of their own account.
 */
export function assertUserChange(caller: Pick<Caller, 'id' | 'role'>, userId: string, changes: Record<string, unknown>): void {
  const own = caller.id === userId;
  if (caller.role === 'admin') {
    if (own && ((changes.role !== undefined && changes.role !== 'admin') || changes.is_active === false || changes.is_active === 0)) {
      throw validationError({
        [changes.is_active === false || changes.is_active === 0 ? 'is_active' : 'role']: ['You cannot remove your own admin rights or deactivate yourself.'],
      });
    }
    return;
  }
  if (!own) throw new AppError('forbidden', "Only admins can change other users' accounts.");
  const refused = Object.keys(changes).filter((k) => !(SELF_EDITABLE_USER_FIELDS as readonly string[]).includes(k));
  if (refused.length) throw validationError(Object.fromEntries(refused.map((k) => [k, ['You cannot change this field of your own profile.']])));
}

/** Deleting and restoring accounts is for admins (`DELETE /users/{id}/`, `POST /users/{id}/restore/`). */
export function assertUserLifecycle(caller: Pick<Caller, 'id' | 'role'>, userId: string): void {
  if (caller.role !== 'admin') throw new AppError('forbidden', 'Only admins can delete or restore users.');
  if (caller.id === userId) throw new AppError('conflict', 'You cannot delete or restore your own account.');
}
