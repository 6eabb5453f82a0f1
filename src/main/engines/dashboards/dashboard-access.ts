import { AppError, notFound } from '../../../shared/errors';
import type { Caller } from '../../core/handler';
import type { StoredDefinition } from './definition-store';
import type { DashboardDefinition } from './dashboard-types';

type Dashboard = StoredDefinition<DashboardDefinition>;

/**
 * Who may see and change a dashboard: its owner and admins always; the people it is shared
 * with (the team, or the named roles) see it, and change it when shared with edit rights.
 * Viewers never change what they do not own.
 */
export function canView(d: Dashboard, caller: Caller): boolean {
  if (d.owner_id === caller.id || caller.role === 'admin') return true;
  const def = d.definition;
  return def.visibility === 'team' || (def.visibility === 'roles' && def.shared_roles.includes(caller.role));
}

export function canEdit(d: Dashboard, caller: Caller): boolean {
  if (d.owner_id === caller.id || caller.role === 'admin') return true;
  return caller.role !== 'viewer' && d.definition.share_permission === 'edit' && canView(d, caller);
}

/** Not visible reads as not found (its existence is not leaked); visible but read-only is forbidden. */
export function requireView(d: Dashboard | undefined, caller: Caller): Dashboard {
  if (!d || !canView(d, caller)) throw notFound('Dashboard');
  return d;
}

export function requireEdit(d: Dashboard | undefined, caller: Caller): Dashboard {
  const seen = requireView(d, caller);
  if (!canEdit(seen, caller)) throw new AppError('forbidden', 'This dashboard is shared with you to view; ask its owner for edit rights.');
  return seen;
}
