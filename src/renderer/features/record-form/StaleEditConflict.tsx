import type { FieldDef } from '../../../shared/entities/field-def';
import { formatValue } from '../records/format-value';
import { toApiValue, type FormValue } from './form-values';

export interface ConflictRow {
  key: string;
  def: FieldDef | undefined;
  theirs: unknown;
  yours: FormValue;
  /** What the person picked; unset until they choose. */
  choice?: 'theirs' | 'yours';
}

interface Props {
  rows: ConflictRow[];
  onChoose: (key: string, choice: 'theirs' | 'yours') => void;
}

function shown(def: FieldDef | undefined, value: unknown): string {
  if (!def) return value === null || value === undefined ? '' : String(value);
  return formatValue(def.kind, value);
}

/**
 * Someone else changed a field this form also changed. Nothing is saved until the person
 * picks, per field, their value or the one now stored; both stay on screen meanwhile.
 */
export function StaleEditConflict({ rows, onChoose }: Props) {
  return (
    <section className="alert warning stale-conflict" role="alert" data-testid="stale-conflict">
      <p>
        <strong>Changed by someone else while you were editing.</strong> Pick which value to keep for each field, then save again.
      </p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Theirs (saved now)</th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const label = row.def?.label ?? row.key;
            const mine = row.def ? toApiValue(row.def, row.yours, false) : row.yours;
            return (
              <tr key={row.key} data-testid={`stale-conflict-${row.key}`}>
                <th scope="row">{label}</th>
                <td>
                  <span className="conflict-value" data-testid="theirs">
                    {shown(row.def, row.theirs) || <em className="muted">empty</em>}
                  </span>
                  <button
                    type="button"
                    className={row.choice === 'theirs' ? 'button small primary' : 'button small ghost'}
                    aria-pressed={row.choice === 'theirs'}
                    onClick={() => onChoose(row.key, 'theirs')}
                    data-testid="keep-theirs"
                  >
                    Keep theirs
                  </button>
                </td>
                <td>
                  <span className="conflict-value" data-testid="yours">
                    {shown(row.def, mine) || <em className="muted">empty</em>}
                  </span>
                  <button
                    type="button"
                    className={row.choice === 'yours' ? 'button small primary' : 'button small ghost'}
                    aria-pressed={row.choice === 'yours'}
                    onClick={() => onChoose(row.key, 'yours')}
                    data-testid="keep-yours"
                  >
                    Keep mine
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
