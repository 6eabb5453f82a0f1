import type { DryRunResult } from './import-types';
import { RowDiffs } from './RowDiffs';
import { RowDuplicates } from './RowDuplicates';
import { RowErrors } from './RowErrors';

export function DryRunSummary({ result }: { result: DryRunResult }) {
  const stats = [
    { label: 'will be created', value: result.create, tone: 'green', id: 'create' },
    { label: 'will be updated', value: result.update, tone: 'blue', id: 'update' },
    { label: 'will be skipped', value: result.skip, tone: result.skip > 0 ? 'red' : 'neutral', id: 'skip' },
  ];
  return (
    <div className="import-step" data-testid="import-dry-run-summary">
      <p>
        Nothing has been written yet. Of <strong>{result.total_rows}</strong> rows:
      </p>
      <div className="stat-row">
        {stats.map((s) => (
          <div key={s.id} className={`stat stat-${s.tone}`} data-testid={`dry-${s.id}`}>
            <span className="stat-value">{s.value}</span>
            <span className="stat-label">{s.label}</span>
          </div>
        ))}
      </div>
      <RowDiffs result={result} />
      <RowDuplicates result={result} />
      <RowErrors errors={result.errors} />
    </div>
  );
}
