import type { SessionUser } from '../../api/token-store';
import { Icon } from '../../app/Icon';
import type { IconName } from '../../app/icon-paths';
import { ApiTokensSection } from './ApiTokensSection';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { UsersSection } from './UsersSection';
import { TeamSection } from '../sync/TeamSection';
import { CustomFieldsSection } from '../custom-fields-admin/CustomFieldsSection';

const TABS: { id: string; label: string; icon: IconName; admin?: boolean }[] = [
  { id: 'profile', label: 'Profile', icon: 'user' },
  { id: 'password', label: 'Password', icon: 'lock' },
  { id: 'tokens', label: 'API tokens', icon: 'key' },
  { id: 'users', label: 'Users and roles', icon: 'users', admin: true },
  { id: 'team', label: 'Team', icon: 'users' },
  { id: 'custom-fields', label: 'Custom fields', icon: 'columns', admin: true },
];

export function SettingsScreen({ user, tab }: { user: SessionUser; tab: string | undefined }) {
  const tabs = TABS.filter((t) => !t.admin || user.role === 'admin');
  const current = tabs.find((t) => t.id === tab) ?? tabs[0];
  return (
    <div className="settings-screen">
      <section className="page-header">
        <div>
          <h2>Settings</h2>
          <p className="muted">Your profile and access, and your team’s accounts.</p>
        </div>
      </section>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings">
          {tabs.map((t) => (
            <a
              key={t.id}
              href={`#/settings/${t.id}`}
              className={t.id === current?.id ? 'active' : undefined}
              aria-current={t.id === current?.id ? 'page' : undefined}
              data-testid={`settings-tab-${t.id}`}
            >
              <Icon name={t.icon} size={16} /> {t.label}
            </a>
          ))}
        </nav>
        <div className="settings-body">
          {current?.id === 'profile' && <ProfileSection />}
          {current?.id === 'password' && <PasswordSection />}
          {current?.id === 'tokens' && <ApiTokensSection />}
          {current?.id === 'users' && <UsersSection currentUserId={user.id} />}
          {current?.id === 'team' && <TeamSection user={user} />}
          {current?.id === 'custom-fields' && <CustomFieldsSection />}
        </div>
      </div>
    </div>
  );
}
