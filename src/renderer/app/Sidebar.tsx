import { Icon } from './Icon';
import { SCREENS, type ScreenDef } from './screens';

/** The screens table grouped by section, in its order. */
const SECTIONS: { title?: string; items: ScreenDef[] }[] = [undefined, 'Sales', 'Workspace'].map((title) => ({
  title,
  items: SCREENS.filter((s) => s.section === title),
}));

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
