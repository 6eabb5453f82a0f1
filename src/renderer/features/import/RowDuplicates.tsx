import { resourceOfEntity } from '../records/record-resources';
import type { DryRunResult } from './import-types';

const SHOWN = 50;

/** Rows that would create a record that may already exist: the row, and what it resembles. */
export function RowDuplicates({ result }: { result: DryRunResult }) {
  if (result.duplicates.length === 0) return null;
  return (
    <div className="row-diffs" data-testid="import-duplicates">
      <h4>
        {result.duplicates.length} {result.duplicates.length === 1 ? 'row looks' : 'rows look'} like existing records
      </h4>
      <p className="muted small">They will be created as new records. To update the existing ones instead, match rows on email or id.</p>
      <table className="mapping-table compact">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">May duplicate</th>
          </tr>
        </thead>
        <tbody>
          {result.duplicates.slice(0, SHOWN).map((d) => (
            <tr key={d.row} data-testid="import-duplicate">
              <td className="numeric">{d.row}</td>
              <td>
                {d.candidates.map((c) => (
                  <div key={`${c.model}:${c.id}`}>
                    <strong>{c.label}</strong>{' '}
                    <span className="muted">
                      ({resourceOfEntity(c.model)?.entity.label ?? c.model}: {c.reasons.join(', ')})
                    </span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
