import { useId } from 'react';
import type { FieldDef } from '../../../shared/entities/field-def';
import { FieldInput } from './FieldInput';
import type { FormValue } from './form-values';

interface FormFieldProps {
  name: string;
  def: FieldDef;
  value: FormValue;
  onChange: (value: FormValue) => void;
  error?: string;
  wide?: boolean;
}

export function FormField({ name, def, value, onChange, error, wide }: FormFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const classes = ['field', error ? 'has-error' : '', wide || def.kind === 'longtext' ? 'span-2' : '', def.kind === 'bool' ? 'inline' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {def.label}
        {def.required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <FieldInput id={id} name={name} def={def} value={value} onChange={onChange} invalid={Boolean(error)} describedBy={error ? errorId : undefined} />
      {error && (
        <div className="field-error" id={errorId} data-testid={`field-error-${name}`}>
          {error}
        </div>
      )}
    </div>
  );
}
