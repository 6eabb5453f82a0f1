import { useEffect, useRef, useState } from 'react';
import type { SyncStatusView } from '../../../shared/contract/realtime-messages';
import { useApi } from '../../app/api-context';

const POLL_MS = 400;
/** A team with no records sends no page worth showing; after this long connected, open the app. */
const EMPTY_TEAM_GRACE_MS = 3_000;
const numberFormat = new Intl.NumberFormat();

/**
 * Right after joining a team: a progress bar while this device receives the team's records
 * (`bootstrap: {done, total}` of the sync status), then `onDone` opens the app. A relay that
 * cannot be reached or refuses also opens the app: the header then says why, and the records
 * keep arriving once it connects.
 */
export function BootstrapScreen({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatusView | undefined>();
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    let stopped = false;
    let sawProgress = false;
    let connectedSince: number | undefined;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const s = await api.call('sync.status');
        if (stopped) return;
        setStatus(s);
        if (s.bootstrap) sawProgress = true;
        if (s.state === 'connected' && !s.bootstrap) connectedSince ??= Date.now();
        const finished =
          s.state === 'disabled' ||
          s.state === 'error' ||
          s.state === 'removed' ||
          s.state === 'offline' ||
          (s.state === 'connected' && !s.bootstrap && (sawProgress || s.last_seq > 0 || Date.now() - (connectedSince ?? Date.now()) > EMPTY_TEAM_GRACE_MS));
        if (finished) return done.current();
      } catch {
        // the local API restarting: keep asking
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [api]);

  const progress = status?.bootstrap;
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="signin-page">
      <div className="signin-card bootstrap-card" data-testid="bootstrap-screen">
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <div>
            <h1>Getting your team’s records</h1>
            <p className="muted">{status?.team?.name ? `Team ${status.team.name}. ` : ''}They are copied to this computer so you can work offline too.</p>
          </div>
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="Records received"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          data-testid="bootstrap-progress"
        >
          <div className="progress-bar" style={{ width: `${progress ? percent : 0}%` }} />
        </div>
        <p className="muted small" data-testid="bootstrap-count">
          {progress
            ? `${numberFormat.format(progress.done)} of ${numberFormat.format(progress.total)} records`
            : status?.state === 'connected'
              ? 'Connected, waiting for the first records…'
              : 'Connecting to the team relay…'}
        </p>
      </div>
    </div>
  );
}
