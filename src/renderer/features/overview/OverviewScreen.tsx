import type { SessionUser } from '../../api/token-store';
import { Icon } from '../../app/Icon';
import { RESOURCE_NAMES } from '../records/record-resources';
import { CountCard } from './CountCard';
import { isFirstVisit } from './first-visit';

export function OverviewScreen({ user }: { user: SessionUser }) {
  const first = (user.full_name || user.username).split(' ')[0];
  const fresh = isFirstVisit();
  return (
    <div className="stack">
      <section className="page-header">
        <div>
          <h2 data-testid="greeting">{fresh ? `Welcome, ${first}` : `Welcome back, ${first}`}</h2>
          <p className="muted">
            {fresh ? 'Your CRM is ready. Add a first lead, or import a spreadsheet to start.' : 'Everything in this workspace, stored on this computer.'}
          </p>
        </div>
      </section>
      <div className="card-grid">
        {RESOURCE_NAMES.map((name) => (
          <CountCard key={name} resource={name} />
        ))}
      </div>
      <div className="card-grid wide">
        <a className="card shortcut" href="#/my-day">
          <Icon name="sun" size={20} />
          <span>
            <strong>My day</strong>
            <span className="muted">Tasks due today and overdue, one click to complete.</span>
          </span>
        </a>
        <a className="card shortcut" href="#/pipeline">
          <Icon name="pipeline" size={20} />
          <span>
            <strong>Pipeline</strong>
            <span className="muted">Every open deal by stage. Drag to move it along.</span>
          </span>
        </a>
        <a className="card shortcut" href="#/import">
          <Icon name="upload" size={20} />
          <span>
            <strong>Import a spreadsheet</strong>
            <span className="muted">Map the columns, check for errors, undo if needed.</span>
          </span>
        </a>
      </div>
    </div>
  );
}
