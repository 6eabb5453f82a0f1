import { Icon } from './Icon';
import type { IconName } from './icon-paths';

interface NavItem {
  screen: string;
  label: string;
  icon: IconName;
  /** Indented under the item before it. */
  sub?: boolean;
}

const SECTIONS: { title?: string; items: NavItem[] }[] = [
  {
    items: [
      { screen: 'overview', label: 'Overview', icon: 'overview' },
      { screen: 'my-day', label: 'My day', icon: 'sun' },
    ],
  },
  {
    title: 'Sales',
    items: [
      { screen: 'leads', label: 'Leads', icon: 'lead' },
      { screen: 'contacts', label: 'Contacts', icon: 'contact' },
      { screen: 'companies', label: 'Companies', icon: 'company' },
      { screen: 'opportunities', label: 'Opportunities', icon: 'opportunity' },
      { screen: 'pipeline', label: 'Pipeline', icon: 'pipeline', sub: true },
      { screen: 'tasks', label: 'Tasks', icon: 'task' },
      { screen: 'activities', label: 'Activities', icon: 'activity' },
      { screen: 'analytics', label: 'Analytics', icon: 'chart' },
      { screen: 'campaigns', label: 'Campaigns', icon: 'mail' },
    ],
  },
  {
    title: 'Workspace',
    items: [
      { screen: 'import', label: 'Import', icon: 'upload' },
      { screen: 'settings', label: 'Settings', icon: 'settings' },
    ],
  },
];

export function Sidebar({ current }: { current: string }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          F
        </span>
        <span className="brand-name">FieldCRM</span>
      </div>
      {SECTIONS.map((section, i) => (
        <div key={section.title ?? i}>
          {section.title && <div className="nav-section">{section.title}</div>}
          <ul className="nav-list">
            {section.items.map((item) => (
              <li key={item.screen}>
                <a
                  href={`#/${item.screen}`}
                  className={['nav-link', current === item.screen ? 'active' : '', item.sub ? 'sub' : ''].filter(Boolean).join(' ')}
                  aria-current={current === item.screen ? 'page' : undefined}
                  data-testid={`nav-${item.screen}`}
                >
                  <Icon name={item.icon} size={item.sub ? 16 : 18} />
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="sidebar-footer">
        <kbd>Ctrl</kbd> <kbd>K</kbd> search everything
        <br />
        <kbd>?</kbd> keyboard shortcuts
      </div>
    </nav>
  );
}
