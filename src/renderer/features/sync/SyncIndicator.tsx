import { useSyncStatus } from './use-sync-status';
import { describeSync } from './sync-labels';

/**
 * The team sync pill in the header: nothing on an install without a team; otherwise Synced,
 * Syncing n changes, Offline (n waiting) or Error, with the reason in its tooltip and a link
 * to the Team settings.
 */
export function SyncIndicator() {
  const { status } = useSyncStatus();
  const view = describeSync(status);
  if (!view) return null;
  return (
    <a
      href="#/settings/team"
      className={`sync-pill ${view.look}`}
      title={view.detail}
      // With the reason shown, the visible text is the name (a label that differs from it fails WCAG 2.5.3).
      aria-label={view.look === 'error' ? undefined : `${view.label}. ${view.detail}`}
      data-testid="sync-status"
      data-state={view.look}
      data-pending={status?.pending ?? 0}
    >
      <span className="sync-pill-dot" aria-hidden="true" />
      {view.label}
      {view.look === 'error' && <span className="sync-pill-reason">{view.detail}</span>}
    </a>
  );
}
