import type { FieldDef } from '../../../shared/entities/field-def';
import { customFieldName } from '../../../shared/entities/field-def';
import type { ApiRecord } from '../records/record-title';
import { toFormValue, type FormValue } from './form-values';

/** Two form values mean the same stored value (a ref is its id, whatever its label says). */
export function sameFormValue(a: FormValue, b: FormValue): boolean {
  if (a && typeof a === 'object' && b && typeof b === 'object') return a.id === b.id;
  return a === b;
}

/** A form key's stored value on a record: `custom_fields.<name>` reads inside custom_fields. */
export function storedValue(record: ApiRecord | undefined, key: string): unknown {
  if (!record) return undefined;
  const custom = customFieldName(key);
  if (custom === null) return record[key];
  const values = record.custom_fields;
  return values && typeof values === 'object' ? (values as Record<string, unknown>)[custom] : undefined;
}

/**
 * The keys a person changed that differ from what the record holds now. Only these go in
 * the PATCH body: a field nobody touched in the form can never overwrite someone else's edit.
 */
export function changedKeys(edits: Record<string, FormValue>, defs: Map<string, FieldDef>, record: ApiRecord): string[] {
  return Object.keys(edits).filter((key) => {
    const def = defs.get(key);
    return def !== undefined && !sameFormValue(edits[key] ?? null, toFormValue(def, storedValue(record, key)));
  });
}

/** The version string a record response carries, for `If-Match` (absent on older servers). */
export function recordVersion(record: ApiRecord | undefined): string | undefined {
  const v = record?.version;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
