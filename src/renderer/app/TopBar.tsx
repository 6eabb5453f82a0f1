import type { SessionUser } from '../api/token-store';
import { Icon } from './Icon';

function initials(user: SessionUser): string {
  const source = user.full_name.trim() || user.username;
  const parts = source.split(/\s+/).filter(Boolean);
  return parts.slice(0, 2).map((p) => p.charAt(0).toUpperCase()).join('') || '?';
}

export function TopBar({ title, user, onSignOut }: { title: string; user: SessionUser; onSignOut: () => void }) {
  return (
    <header className="topbar">
      <h1 className="topbar-title">{title}</h1>
      <div className="topbar-user" data-testid="current-user">
        <span className="avatar" aria-hidden="true">{initials(user)}</span>
        <span className="user-meta">
          <span className="user-name">{user.full_name || user.username}</span>
          <span className="user-role">{user.role.replace(/_/g, ' ')}</span>
        </span>
        <button type="button" className="button ghost" onClick={onSignOut} data-testid="sign-out">
          <Icon name="signOut" size={16} />
          Sign out
        </button>
      </div>
    </header>
  );
}
