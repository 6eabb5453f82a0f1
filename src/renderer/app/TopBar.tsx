import type { SessionUser } from '../api/token-store';
import { ConnectionIndicator } from '../features/status/ConnectionIndicator';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { Icon } from './Icon';

function initials(user: SessionUser): string {
  const source = user.full_name.trim() || user.username;
  const parts = source.split(/\s+/).filter(Boolean);
  return (
    parts
      .slice(0, 2)
      .map((p) => p.charAt(0).toUpperCase())
      .join('') || '?'
  );
}

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

interface TopBarProps {
  user: SessionUser;
  onSearch: () => void;
  onSignOut: () => void;
}

export function TopBar({ user, onSearch, onSignOut }: TopBarProps) {
  return (
    <header className="topbar">
      <button type="button" className="search-trigger" onClick={onSearch} data-testid="open-search">
        <Icon name="search" size={16} />
        <span>Search everything…</span>
        <kbd>{isMac ? '⌘' : 'Ctrl'} K</kbd>
      </button>
      <div className="topbar-right">
        <ConnectionIndicator />
        <NotificationBell />
        <div className="topbar-user" data-testid="current-user">
          <span className="avatar" aria-hidden="true">
            {initials(user)}
          </span>
          <span className="user-meta">
            <span className="user-name">{user.full_name || user.username}</span>
            <span className="user-role">
              {user.role.replace(/_/g, ' ')} · {user.username}
            </span>
          </span>
          <button type="button" className="button ghost icon-only" onClick={onSignOut} data-testid="sign-out" title="Sign out" aria-label="Sign out">
            <Icon name="signOut" size={16} />
          </button>
        </div>
      </div>
    </header>
  );
}
