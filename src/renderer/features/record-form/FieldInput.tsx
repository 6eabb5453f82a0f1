import type { FieldDef } from '../../../shared/entities/field-def';
import type { FormValue, RefValue } from './form-values';
import { RefPicker } from './RefPicker';
import { optionLabel } from '../../ui/option-label';

interface FieldInputProps {
  id: string;
  name: string;
  def: FieldDef;
  value: FormValue;
  onChange: (value: FormValue) => void;
  invalid?: boolean;
  describedBy?: string;
}

/** The input a field's kind calls for: a select for enums, a picker for refs, dates, money. */
export function FieldInput({ id, name, def, value, onChange, invalid, describedBy }: FieldInputProps) {
  const common = {
    id,
    name,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'data-testid': `input-${name}`,
  };
  const text = typeof value === 'string' ? value : '';
  switch (def.kind) {
    case 'enum':
      return (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{def.required ? 'Choose…' : '—'}</option>
          {(def.options ?? []).map((o) => (
            <option key={o} value={o}>
              {def.optionLabels?.[o] ?? optionLabel(o)}
            </option>
          ))}
        </select>
      );
    case 'bool':
      return <input {...common} type="checkbox" className="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'longtext':
      return <textarea {...common} rows={3} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'ref':
      return <RefPicker {...common} target={def.ref ?? 'user'} value={value && typeof value === 'object' ? (value as RefValue) : null} onChange={onChange} />;
    case 'int':
    case 'decimal':
      return (
        <input
          {...common}
          type="number"
          inputMode="decimal"
          step={def.kind === 'int' ? 1 : 0.01}
          min={def.min}
          max={def.max}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    default: {
      const type =
        def.kind === 'date'
          ? 'date'
          : def.kind === 'datetime'
            ? 'datetime-local'
            : def.kind === 'email'
              ? 'email'
              : def.kind === 'url'
                ? 'url'
                : def.kind === 'phone'
                  ? 'tel'
                  : 'text';
      return (
        <input
          {...common}
          type={type}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          placeholder={def.kind === 'tags' ? 'vip, enterprise' : undefined}
        />
      );
    }
  }
}
