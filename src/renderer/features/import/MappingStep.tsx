import type { EntityDef } from '../../../shared/entities/field-def';
import type { MatchOn } from './import-types';

interface MappingStepProps {
  entity: EntityDef;
  columns: string[];
  mapping: Record<string, string>;
  matchOn: MatchOn;
  onMapping: (mapping: Record<string, string>) => void;
  onMatchOn: (matchOn: MatchOn) => void;
}

/** Each CSV column to a field (or skipped); pre-filled by name, editable. */
export function MappingStep({ entity, columns, mapping, matchOn, onMapping, onMatchOn }: MappingStepProps) {
  const fields = Object.entries(entity.fields).filter(([, d]) => !d.readOnly);
  const used = Object.values(mapping).filter(Boolean);
  return (
    <div className="import-step" data-testid="import-mapping">
      <table className="mapping-table">
        <thead>
          <tr>
            <th>CSV column</th>
            <th>Field</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column}>
              <td>
                <code>{column}</code>
              </td>
              <td>
                <select
                  value={mapping[column] ?? ''}
                  onChange={(e) => onMapping({ ...mapping, [column]: e.target.value })}
                  aria-label={`Field for column ${column}`}
                  data-testid={`map-${column}`}
                  className={mapping[column] ? undefined : 'skipped'}
                >
                  <option value="">Skip this column</option>
                  <option value="id">ID (match existing)</option>
                  {fields.map(([name, def]) => (
                    <option key={name} value={name} disabled={used.includes(name) && mapping[column] !== name}>
                      {def.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="field">
        <label htmlFor="match-on">Existing records</label>
        <select id="match-on" value={matchOn ?? ''} onChange={(e) => onMatchOn((e.target.value || null) as MatchOn)} data-testid="import-match-on">
          <option value="">Always create new records</option>
          {'email' in entity.fields && <option value="email">Update the record with the same email</option>}
          <option value="id">Update the record with the same ID</option>
        </select>
      </div>
    </div>
  );
}
