import { formatValue } from '../records/format-value';
import { resourceOfEntity } from '../records/record-resources';
import type { DryRunResult } from './import-types';

const SHOWN = 50;

/** Per updated row: which record, and each field as it is now and as the import would leave it. */
export function RowDiffs({ result }: { result: DryRunResult }) {
  const resource = resourceOfEntity(result.model);
  if (result.updates.length === 0) return null;
  const shown = (field: string, value: unknown) => {
    const def = resource?.fields[field];
    const text = def ? formatValue(def.kind, value) : value === null || value === undefined ? '' : String(value);
    return text === '' ? <em className="muted">empty</em> : text;
  };
  return (
    <div className="row-diffs" data-testid="import-row-diffs">
      <h4>What the updates change</h4>
      <table className="mapping-table compact">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Field</th>
            <th scope="col">Now</th>
            <th scope="col">After import</th>
          </tr>
        </thead>
        <tbody>
          {result.updates.slice(0, SHOWN).flatMap((u) =>
            Object.entries(u.changes).map(([field, change], i) => (
              <tr key={`${u.row}-${field}`} data-testid="import-row-diff" data-row={u.row} data-field={field}>
                <td className="numeric">{i === 0 && u.row}</td>
                <td>{resource?.fields[field]?.label ?? field}</td>
                <td className="diff-old">{shown(field, change.old)}</td>
                <td className="diff-new">{shown(field, change.new)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {result.updates.length > SHOWN && <p className="muted small">and {result.updates.length - SHOWN} more updated rows.</p>}
    </div>
  );
}
