import { useState, type FormEvent } from 'react';
import { filterableFields, filterFieldDef, filterKey, lookupsFor } from './filter-lookups';
import type { ResourceDef } from './record-resources';
import { optionLabel } from '../../ui/option-label';

/** Field, lookup, value -> one API parameter (`amount__gte=50000`). */
export function AddFilterForm({ resource, onAdd }: { resource: ResourceDef; onAdd: (key: string, value: string) => void }) {
  const fields = filterableFields(resource);
  const [field, setField] = useState(fields.find((f) => resource.fields[f]?.kind === 'enum') ?? fields[0] ?? '');
  const def = filterFieldDef(resource, field);
  const lookups = lookupsFor(def?.kind ?? 'text');
  const [suffix, setSuffix] = useState(lookups[0]?.suffix ?? '');
  const [value, setValue] = useState('');
  const lookup = lookups.some((l) => l.suffix === suffix) ? suffix : (lookups[0]?.suffix ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    const v = lookup === 'isnull' ? value || 'true' : value.trim();
    if (!v) return;
    onAdd(filterKey(field, lookup), v);
  }

  const isChoice = (def?.kind === 'enum' || (def?.kind === 'tags' && def.options !== undefined)) && lookup === '';
  return (
    <form className="filter-form" onSubmit={submit} data-testid="filter-form">
      <label>
        Field
        <select
          value={field}
          onChange={(e) => {
            setField(e.target.value);
            setValue('');
          }}
          data-testid="filter-field"
        >
          {fields.map((f) => (
            <option key={f} value={f}>
              {filterFieldDef(resource, f)?.label ?? f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Condition
        <select value={lookup} onChange={(e) => setSuffix(e.target.value)} data-testid="filter-lookup">
          {lookups.map((l) => (
            <option key={l.suffix} value={l.suffix}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {lookup === 'isnull' ? (
        <label>
          Value
          <select value={value || 'true'} onChange={(e) => setValue(e.target.value)} data-testid="filter-value">
            <option value="true">empty</option>
            <option value="false">not empty</option>
          </select>
        </label>
      ) : isChoice || def?.kind === 'bool' ? (
        <label>
          Value
          <select value={value} onChange={(e) => setValue(e.target.value)} data-testid="filter-value">
            <option value="">Choose…</option>
            {(def?.kind === 'bool' ? ['true', 'false'] : (def?.options ?? [])).map((o) => (
              <option key={o} value={o}>
                {def?.optionLabels?.[o] ?? optionLabel(o)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Value
          <input
            type={def?.kind === 'date' || def?.kind === 'datetime' ? 'date' : def?.kind === 'int' || def?.kind === 'decimal' ? 'number' : 'text'}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={lookup === 'in' ? 'a,b,c' : def?.kind === 'ref' ? 'Name or id' : ''}
            data-testid="filter-value"
          />
        </label>
      )}
      <button type="submit" className="button primary small" data-testid="filter-apply">
        Apply filter
      </button>
    </form>
  );
}
