import { RESOURCE_NAMES } from '../records/record-resources';
import { CountCard } from './CountCard';

export function OverviewScreen() {
  return (
    <div className="stack">
      <section className="page-header">
        <div>
          <h2>Overview</h2>
          <p className="muted">Everything in this workspace, stored on this computer.</p>
        </div>
      </section>
      <div className="card-grid">
        {RESOURCE_NAMES.map((name) => (
          <CountCard key={name} resource={name} />
        ))}
      </div>
    </div>
  );
}
