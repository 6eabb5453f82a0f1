import type { ImportJob } from './import-types';
import { RowErrors } from './RowErrors';

interface ImportProgressProps {
  job: ImportJob;
  busy: boolean;
  onUndo: () => void;
  onAnother: () => void;
}

export function ImportProgress({ job, busy, onUndo, onAnother }: ImportProgressProps) {
  const percent = job.total_rows > 0 ? Math.round((job.processed / job.total_rows) * 100) : 100;
  const headline = {
    running: `Importing… ${job.processed} of ${job.total_rows} rows`,
    completed: `Import complete: ${job.created} created, ${job.updated} updated, ${job.skipped} skipped`,
    failed: 'The import failed. Nothing after the failing row was written.',
    undone: `Import undone: the ${job.created} records it created were deleted and its changes reverted.`,
  }[job.status];
  return (
    <div className="import-step" data-testid="import-progress" data-status={job.status}>
      <p className={job.status === 'failed' ? 'field-error' : undefined} data-testid="import-status">
        {headline}
      </p>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Import progress">
        <div className={`progress-bar ${job.status}`} style={{ width: `${percent}%` }} />
      </div>
      <RowErrors errors={job.errors} done={job.status !== 'running'} />
      <div className="form-actions">
        {job.status === 'completed' && (
          <button type="button" className="button ghost danger" onClick={onUndo} disabled={busy} data-testid="import-undo">
            Undo this import
          </button>
        )}
        {job.status !== 'running' && (
          <button type="button" className="button primary" onClick={onAnother}>
            Import another file
          </button>
        )}
      </div>
    </div>
  );
}
