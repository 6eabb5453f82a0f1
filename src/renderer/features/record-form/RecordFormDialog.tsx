import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { Dialog } from '../../ui/Dialog';
import type { ResourceDef } from '../records/record-resources';
import { recordTitle, type ApiRecord } from '../records/record-title';
import { createDefault, editableFields, toApiValue, toFormValue, type FormValue, type FormValues } from './form-values';
import { FormField } from './FormField';
import { customFieldName, type FieldDef } from '../../../shared/entities/field-def';
import { asFieldDef, customKey, useCustomFieldDefs } from '../custom-fields/use-custom-field-defs';
import { changedKeys, recordVersion, storedValue } from './form-diff';
import { StaleEditConflict, type ConflictRow } from './StaleEditConflict';
import { DuplicateWarning } from '../duplicates/DuplicateWarning';
import { usePossibleDuplicates } from '../duplicates/use-possible-duplicates';
import { recordOp } from '../../../shared/contract/signatures';

interface RecordFormDialogProps {
  resource: ResourceDef;
  /** Edit this record (kept up to date by the caller); without it the form creates one. */
  record?: ApiRecord;
  onClose: () => void;
  onSaved: (record: ApiRecord) => void;
  /** A create form's starting values (a quick action links the record it was started from). */
  initial?: FormValues;
  /** Dialog title instead of "New <thing>". */
  title?: string;
}

/**
 * Create and edit forms generated from the shared entity definition. Validation is the
 * API's: a 400 puts each message under its field, the rest in a banner.
 *
 * An edit keeps only what the person typed (`edits`); every other field shows the record as
 * it is now, live. A save sends the typed fields that differ from the record, with
 * `If-Match` naming the version the first edit was made on, so a field someone else changed
 * meanwhile comes back as a 409 and is shown theirs-vs-yours instead of being overwritten.
 */
export function RecordFormDialog({ resource, record, onClose, onSaved, initial, title: titleOverride }: RecordFormDialogProps) {
  const api = useApi();
  const creating = !record;
  const fields = editableFields(resource.entity.fields);
  const customDefs = useCustomFieldDefs(resource.entity.name) ?? [];
  const customFields = customDefs.map((d) => [customKey(d.name), asFieldDef(d), d] as const);
  const defs = new Map<string, FieldDef>([...fields, ...customFields.map(([k, d]) => [k, d] as const)]);

  // The newest copy of the record this dialog knows: the caller's live one, or one fetched after a 409.
  const [latest, setLatest] = useState<ApiRecord | undefined>(record);
  useEffect(() => setLatest(record), [record]);
  const [edits, setEdits] = useState<FormValues>(() =>
    creating ? { ...Object.fromEntries(fields.map(([name, def]) => [name, createDefault(resource.entity.name, name, def)])), ...initial } : {},
  );
  const [since, setSince] = useState<string | undefined>(() => recordVersion(record));
  const [conflict, setConflict] = useState<ConflictRow[] | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const duplicates = usePossibleDuplicates(creating ? resource.entity.name : '', edits);
  const valueOf = (key: string, def: FieldDef): FormValue => (key in edits ? (edits[key] ?? null) : toFormValue(def, storedValue(latest, key)));

  // A refused save takes the person to the first field the API named, even below the fold.
  useEffect(() => {
    const first = error ? formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') : null;
    if (!first) return;
    first.focus({ preventScroll: true });
    // Centred, so the sticky button bar never covers it.
    first.scrollIntoView({ block: 'center' });
  }, [error]);

  function body(keys: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const key of keys) {
      const def = defs.get(key);
      if (!def) continue;
      const v = toApiValue(def, valueOf(key, def), creating);
      if (v === undefined) continue;
      const name = customFieldName(key);
      if (name === null) out[key] = v;
      else custom[name] = def.kind === 'tags' && Array.isArray(v) && v.length === 0 ? null : v;
    }
    if (Object.keys(custom).length > 0) out.custom_fields = custom;
    return out;
  }

  async function showConflict(err: ApiError) {
    if (!record) return;
    let fresh: ApiRecord | undefined;
    try {
      fresh = await api.call(recordOp(resource.name, 'retrieve'), { params: { id: record.id } });
    } catch {
      fresh = undefined;
    }
    if (fresh) setLatest(fresh);
    // The next save is made knowing these values, so it carries their version.
    setSince(recordVersion(fresh) ?? since);
    const keys = Object.keys(err.fields).length > 0 ? Object.keys(err.fields) : Object.keys(err.current);
    setConflict(
      keys.map((key) => ({ key, def: defs.get(key), theirs: key in err.current ? err.current[key] : storedValue(fresh, key), yours: edits[key] ?? null })),
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (conflict?.some((row) => !row.choice)) return;
    setBusy(true);
    setError(undefined);
    try {
      let saved: ApiRecord;
      if (creating) {
        saved = await api.call(recordOp(resource.name, 'create'), { body: body([...defs.keys()].filter((k) => k in edits)) });
      } else {
        const keys = latest ? changedKeys(edits, defs, latest) : Object.keys(edits);
        if (keys.length === 0) return onSaved(latest ?? record);
        const headers: Record<string, string> = since ? { 'If-Match': `"${since}"` } : {};
        saved = await api.call(recordOp(resource.name, 'update'), { params: { id: record.id }, body: body(keys), headers });
      }
      onSaved(saved);
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.status === 409 && apiError.code === 'conflict' && !creating) await showConflict(apiError);
      else setError(apiError);
      setBusy(false);
    }
  }

  function choose(key: string, choice: 'theirs' | 'yours') {
    setConflict((rows) => rows?.map((row) => (row.key === key ? { ...row, choice } : row)));
    setEdits((prev) => {
      const next = { ...prev };
      const row = conflict?.find((r) => r.key === key);
      if (choice === 'theirs') delete next[key];
      else if (row) next[key] = row.yours;
      return next;
    });
  }

  const set = (name: string) => (value: FormValue) => {
    if (Object.keys(edits).length === 0 && !conflict) setSince(recordVersion(latest));
    setEdits((prev) => ({ ...prev, [name]: value }));
    // A message about a value goes away as soon as the value changes.
    setError((prev) => (prev && name in prev.fields ? prev.without([name]) : prev));
  };

  const known = new Set(defs.keys());
  const banner = error && Object.keys(error.fields).every((f) => !known.has(f)) ? error : undefined;
  const title = titleOverride ?? (creating ? `New ${resource.singular}` : `Edit ${recordTitle(resource, record)}`);
  const undecided = conflict?.some((row) => !row.choice) ?? false;

  return (
    <Dialog title={title} onClose={onClose} wide testId="record-form">
      <form ref={formRef} onSubmit={submit} noValidate data-testid="record-form-element">
        {conflict && <StaleEditConflict rows={conflict} onChoose={choose} />}
        <DuplicateWarning candidates={duplicates} />
        {banner && (
          <div className="alert error" role="alert" data-testid="form-error">
            {banner.message}
            {Object.entries(banner.fields).map(([f, m]) => ` ${f}: ${m.join(' ')}`)}
          </div>
        )}
        <div className="form-grid">
          {fields.map(([name, def]) => (
            <FormField key={name} name={name} def={def} value={valueOf(name, def)} onChange={set(name)} error={error?.fieldMessage(name)} />
          ))}
        </div>
        {customFields.length > 0 && (
          <fieldset className="form-section" data-testid="custom-fields-form">
            <legend>Custom fields</legend>
            <div className="form-grid">
              {customFields.map(([key, def]) => (
                <FormField key={key} name={key} def={def} value={valueOf(key, def)} onChange={set(key)} error={error?.fieldMessage(key)} />
              ))}
            </div>
          </fieldset>
        )}
        <div className="form-actions sticky">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || undecided} data-testid="form-submit">
            {busy ? 'Saving…' : creating ? `Create ${resource.singular}` : 'Save changes'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
