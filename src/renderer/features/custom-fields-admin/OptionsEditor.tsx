import { nameFromLabel } from './custom-field-admin-types';

type Option = { value: string; label: string };

/** The choices of a choice field: the label people read and the value stored (derived until typed). */
export function OptionsEditor({ options, onChange }: { options: Option[]; onChange: (options: Option[]) => void }) {
  const set = (i: number, patch: Partial<Option>) => onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <fieldset className="form-section" data-testid="cf-options">
      <legend>Options</legend>
      {options.map((o, i) => (
        <div key={i} className="option-row">
          <label className="visually-hidden" htmlFor={`cf-option-label-${i}`}>
            Option {i + 1} label
          </label>
          <input
            id={`cf-option-label-${i}`}
            value={o.label}
            placeholder="Label"
            onChange={(e) =>
              set(i, { label: e.target.value, ...(o.value === '' || o.value === nameFromLabel(o.label) ? { value: nameFromLabel(e.target.value) } : {}) })
            }
            data-testid={`cf-option-label-${i}`}
          />
          <label className="visually-hidden" htmlFor={`cf-option-value-${i}`}>
            Option {i + 1} stored value
          </label>
          <input
            id={`cf-option-value-${i}`}
            className="mono"
            value={o.value}
            placeholder="stored_value"
            onChange={(e) => set(i, { value: e.target.value })}
            data-testid={`cf-option-value-${i}`}
          />
          <button
            type="button"
            className="button small ghost"
            aria-label={`Remove option ${o.label || i + 1}`}
            onClick={() => onChange(options.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small ghost" onClick={() => onChange([...options, { value: '', label: '' }])} data-testid="cf-add-option">
        Add option
      </button>
    </fieldset>
  );
}
