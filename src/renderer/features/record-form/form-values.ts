import type { FieldDef } from '../../../shared/entities/field-def';
import { briefId, briefLabel } from '../records/record-title';

/** A ref in a form: the id the API wants and the label people read. */
export interface RefValue {
  id: string;
  label: string;
}

export type FormValue = string | boolean | RefValue | null;
export type FormValues = Record<string, FormValue>;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO instant -> the local `YYYY-MM-DDTHH:mm` a datetime-local input shows. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function toFormValue(def: FieldDef, value: unknown): FormValue {
  if (value === null || value === undefined) return def.kind === 'bool' ? false : def.kind === 'ref' ? null : '';
  switch (def.kind) {
    case 'ref': {
      const id = briefId(value);
      return id ? { id, label: briefLabel(value) } : null;
    }
    case 'bool':
      return Boolean(value);
    case 'datetime':
      return toLocalInput(String(value));
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return String(value);
  }
}

/** A form value as the API takes it; `undefined` leaves the field out of the body. */
export function toApiValue(def: FieldDef, value: FormValue, creating: boolean): unknown {
  if (def.kind === 'ref') return value && typeof value === 'object' ? value.id : creating ? undefined : null;
  if (def.kind === 'bool') return Boolean(value);
  const text = typeof value === 'string' ? value.trim() : '';
  if (def.kind === 'tags')
    return text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  if (text === '') return creating ? undefined : null;
  switch (def.kind) {
    case 'int':
    case 'decimal': {
      const n = Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'datetime': {
      const d = new Date(text);
      return Number.isNaN(d.getTime()) ? text : d.toISOString();
    }
    default:
      return text;
  }
}

/** Fields a person can type into (server-managed and JSON ones are not). */
export function editableFields(fields: Record<string, FieldDef>): [string, FieldDef][] {
  return Object.entries(fields).filter(([name, def]) => !def.readOnly && def.kind !== 'json' && name !== 'currency');
}

/** Fields that describe something happening now: a new activity occurred when it is logged. */
const NOW_BY_DEFAULT = new Set(['activity.occurred_at']);

/** The value a create form starts with: the field's default, or now for a moment-of-logging field. */
export function createDefault(entityName: string, name: string, def: FieldDef): FormValue {
  if (NOW_BY_DEFAULT.has(`${entityName}.${name}`)) return toFormValue(def, new Date().toISOString());
  return toFormValue(def, def.defaultsToCaller ? null : def.default);
}
