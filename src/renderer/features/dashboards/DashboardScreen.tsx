import { useState } from 'react';
import type { SessionUser } from '../../api/token-store';
import { Icon } from '../../app/Icon';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { AddWidgetDialog } from './AddWidgetDialog';
import { DashboardGrid } from './DashboardGrid';
import { useDefaultDashboard } from './use-dashboard';
import { isFirstVisit } from '../overview/first-visit';

/** The Overview: the user's default dashboard, editable in place (drag, resize, remove, add). */
export function DashboardScreen({ user }: { user: SessionUser }) {
  const { dashboard, error, saveError, reload, saveLayout, removeWidget, added } = useDefaultDashboard();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const first = (user.full_name || user.username).split(' ')[0];

  return (
    <div className="stack dashboard-screen" data-testid="dashboard-screen">
      <section className="page-header">
        <div>
          <h2 data-testid="greeting">{isFirstVisit() ? `Welcome, ${first}` : `Welcome back, ${first}`}</h2>
          <p className="muted">
            {dashboard ? dashboard.name : 'Your dashboard'}
            {dashboard?.description ? ` — ${dashboard.description}` : ''}
          </p>
        </div>
        {dashboard?.can_edit && (
          <div className="header-actions">
            {editing && (
              <button type="button" className="button" onClick={() => setAdding(true)} data-testid="add-widget">
                <Icon name="plus" size={16} /> Add widget
              </button>
            )}
            <button type="button" className={editing ? 'button primary' : 'button'} onClick={() => setEditing((e) => !e)} data-testid="edit-dashboard">
              {editing ? (
                'Done'
              ) : (
                <>
                  <Icon name="edit" size={16} /> Edit dashboard
                </>
              )}
            </button>
          </div>
        )}
      </section>
      <ErrorBanner error={error} onRetry={reload} testId="dashboard-error" />
      <ErrorBanner error={saveError} testId="dashboard-save-error" />
      {editing && (
        <p className="muted edit-hint">Drag a widget by its title to move it, pull its lower right corner to resize it. Changes are saved as you go.</p>
      )}
      {dashboard && <DashboardGrid dashboard={dashboard} editing={editing} onLayout={saveLayout} onRemove={removeWidget} />}
      {dashboard && dashboard.widgets.length === 0 && (
        <div className="card empty-dashboard">This dashboard is empty. Choose “Edit dashboard”, then “Add widget”.</div>
      )}
      {adding && dashboard && <AddWidgetDialog dashboardId={dashboard.id} onClose={() => setAdding(false)} onAdded={added} />}
    </div>
  );
}
