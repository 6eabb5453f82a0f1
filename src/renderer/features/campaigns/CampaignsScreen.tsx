import type { SessionUser } from '../../api/token-store';
import { Icon } from '../../app/Icon';
import type { IconName } from '../../app/icon-paths';
import { CampaignDetail } from './CampaignDetail';
import { CampaignList } from './CampaignList';
import { CampaignWizard } from './CampaignWizard';
import { EmailSettingsSection } from './EmailSettingsSection';
import { TemplatesSection } from './TemplatesSection';
import './campaigns.css';

const TABS: { id: string; label: string; icon: IconName; admin?: boolean }[] = [
  { id: 'list', label: 'Campaigns', icon: 'mail' },
  { id: 'templates', label: 'Templates', icon: 'edit' },
  { id: 'sending', label: 'Sending account', icon: 'settings', admin: true },
];

/** `#/campaigns[/templates | /sending | /new | /<id>]` */
export function CampaignsScreen({ user, id, params }: { user: SessionUser; id: string | undefined; params: URLSearchParams }) {
  const tabs = TABS.filter((t) => !t.admin || user.role === 'admin');
  const tab = id === 'templates' || id === 'sending' ? id : 'list';
  return (
    <div className="campaigns-screen">
      <section className="page-header">
        <div>
          <h2>Email campaigns</h2>
          <p className="muted">Templates, audiences and sending. Campaigns are sent by this install, through its SMTP account.</p>
        </div>
      </section>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Campaigns">
          {tabs.map((t) => (
            <a
              key={t.id}
              href={t.id === 'list' ? '#/campaigns' : `#/campaigns/${t.id}`}
              className={t.id === tab ? 'active' : undefined}
              aria-current={t.id === tab ? 'page' : undefined}
              data-testid={`campaigns-tab-${t.id}`}
            >
              <Icon name={t.icon} size={16} /> {t.label}
            </a>
          ))}
        </nav>
        <div className="settings-body">
          {tab === 'templates' && <TemplatesSection />}
          {tab === 'sending' && <EmailSettingsSection user={user} />}
          {tab === 'list' && !id && <CampaignList />}
          {tab === 'list' && id === 'new' && <CampaignWizard key="new" campaignId={undefined} />}
          {tab === 'list' &&
            id &&
            id !== 'new' &&
            (params.get('edit') ? <CampaignWizard key={`edit-${id}`} campaignId={id} /> : <CampaignDetail key={id} id={id} />)}
        </div>
      </div>
    </div>
  );
}
