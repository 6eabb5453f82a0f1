import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { Dialog } from '../../ui/Dialog';
import type { ResourceDef } from '../records/record-resources';
import { recordTitle, type ApiRecord } from '../records/record-title';
import { editableFields, toApiValue, toFormValue, type FormValue, type FormValues } from './form-values';
import { FormField } from './FormField';

interface RecordFormDialogProps {
  resource: ResourceDef;
  /** Edit this record; without it the form creates one. */
  record?: ApiRecord;
  onClose: () => void;
  onSaved: (record: ApiRecord) => void;
}

/**
 * Create and edit forms generated from the shared entity definition. Validation is the
 * API's: a 400 puts each message under its field, the rest in a banner.
 */
export function RecordFormDialog({ resource, record, onClose, onSaved }: RecordFormDialogProps) {
  const api = useApi();
  const fields = editableFields(resource.entity.fields);
  const [values, setValues] = useState<FormValues>(() =>
    Object.fromEntries(fields.map(([name, def]) => [name, toFormValue(def, record ? record[name] : def.defaultsToCaller ? null : def.default)])),
  );
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const creating = !record;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {};
    for (const [name, def] of fields) {
      const v = toApiValue(def, values[name] ?? null, creating);
      if (v !== undefined) body[name] = v;
    }
    try {
      const saved = creating
        ? await api.request<ApiRecord>('POST', `/${resource.name}/`, { body })
        : await api.request<ApiRecord>('PATCH', `/${resource.name}/${record.id}/`, { body });
      onSaved(saved);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }

  const known = new Set(fields.map(([n]) => n));
  const banner = error && Object.keys(error.fields).every((f) => !known.has(f)) ? error : undefined;
  const set = (name: string) => (value: FormValue) => setValues((prev) => ({ ...prev, [name]: value }));
  const title = creating ? `New ${resource.singular}` : `Edit ${recordTitle(resource, record)}`;

  return (
    <Dialog title={title} onClose={onClose} wide testId="record-form">
      <form onSubmit={submit} noValidate data-testid="record-form-element">
        {banner && (
          <div className="alert error" role="alert" data-testid="form-error">
            {banner.message}
            {Object.entries(banner.fields).map(([f, m]) => ` ${f}: ${m.join(' ')}`)}
          </div>
        )}
        <div className="form-grid">
          {fields.map(([name, def]) => (
            <FormField key={name} name={name} def={def} value={values[name] ?? null} onChange={set(name)} error={error?.fieldMessage(name)} />
          ))}
        </div>
        <div className="form-actions sticky">
          <button type="button" className="button ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy} data-testid="form-submit">
            {busy ? 'Saving…' : creating ? `Create ${resource.singular}` : 'Save changes'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
