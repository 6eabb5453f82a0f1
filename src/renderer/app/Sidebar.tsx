import { RESOURCE_NAMES, RESOURCES } from '../features/records/record-resources';
import { Icon } from './Icon';

export function Sidebar({ current }: { current: string }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">F</span>
        <span className="brand-name">FieldCRM</span>
      </div>
      <ul className="nav-list">
        <li>
          <a
            href="#/overview"
            className={current === 'overview' ? 'nav-link active' : 'nav-link'}
            aria-current={current === 'overview' ? 'page' : undefined}
            data-testid="nav-overview"
          >
            <Icon name="overview" />
            Overview
          </a>
        </li>
      </ul>
      <div className="nav-section">Records</div>
      <ul className="nav-list">
        {RESOURCE_NAMES.map((name) => (
          <li key={name}>
            <a
              href={`#/${name}`}
              className={current === name ? 'nav-link active' : 'nav-link'}
              aria-current={current === name ? 'page' : undefined}
              data-testid={`nav-${name}`}
            >
              <Icon name={RESOURCES[name].icon} />
              {RESOURCES[name].title}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">Local-first · works offline</div>
    </nav>
  );
}
