import type { ParamSpec } from './dashboard-types';

interface Props {
  params: Record<string, ParamSpec>;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
}

/** Flag-style period parameters (`this_month: true`) are the same as `period`; the form shows only `period`. */
const HIDDEN = /^(this|last)_|^(today|yesterday)$/;

function fromInput(spec: ParamSpec, raw: string): unknown {
  if (raw === '') return undefined;
  if (spec.type === 'number' || spec.type === 'integer') return Number(raw);
  if (spec.type === 'boolean') return raw === 'true';
  if (spec.type === 'string_list')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (spec.type === 'filters') {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function toInput(spec: ParamSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.type === 'filters') return typeof value === 'string' ? value : JSON.stringify(value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** A form for a data source's parameters, built from the catalogue: choices as selects, the rest as text. */
export function ParamFields({ params, values, onChange }: Props) {
  const set = (name: string, spec: ParamSpec, raw: string) => {
    const next = { ...values };
    const v = fromInput(spec, raw);
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="param-fields">
      {Object.entries(params)
        .filter(([name]) => !HIDDEN.test(name))
        .map(([name, spec]) => {
          const id = `param-${name}`;
          const value = toInput(spec, values[name]);
          const options = spec.type === 'boolean' ? ['true', 'false'] : spec.options;
          return (
            <label key={name} className={`field${spec.type === 'filters' ? ' wide' : ''}`} htmlFor={id}>
              <span className="field-label">
                {name.replace(/_/g, ' ')}
                {spec.required ? ' *' : ''}
              </span>
              {options && spec.type !== 'string_list' ? (
                <select id={id} value={value} onChange={(e) => set(name, spec, e.target.value)} data-testid={id}>
                  {!spec.required && <option value="">—</option>}
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {o.replace(/_/g, ' ')}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  value={value}
                  onChange={(e) => set(name, spec, e.target.value)}
                  placeholder={spec.default === undefined ? '' : String(spec.default)}
                  data-testid={id}
                />
              )}
              <span className="field-help">{spec.description}</span>
            </label>
          );
        })}
    </div>
  );
}
