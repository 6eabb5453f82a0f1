import type { RowError } from './import-types';

const SHOWN = 50;

/** `done`: the import has run, so the rows were skipped rather than will be. */
export function RowErrors({ errors, done = false }: { errors: RowError[]; done?: boolean }) {
  if (errors.length === 0) return null;
  return (
    <div className="row-errors" data-testid="import-row-errors">
      <h4>
        {errors.length} {errors.length === 1 ? 'row has' : 'rows have'} errors and {done ? 'were' : 'will be'} skipped
      </h4>
      <table className="mapping-table compact">
        <thead>
          <tr>
            <th>Row</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.slice(0, SHOWN).map((e) => (
            <tr key={e.row} data-testid="import-row-error">
              <td className="numeric">{e.row}</td>
              <td>
                {Object.entries(e.fields).map(([field, messages]) => (
                  <div key={field}>
                    <strong>{field}</strong>: {messages.join(' ')}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > SHOWN && <p className="muted small">and {errors.length - SHOWN} more.</p>}
    </div>
  );
}
