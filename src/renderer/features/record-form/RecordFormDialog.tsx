import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { Dialog } from '../../ui/Dialog';
import type { ResourceDef } from '../records/record-resources';
import { recordTitle, type ApiRecord } from '../records/record-title';
import { editableFields, toApiValue, toFormValue, type FormValue, type FormValues } from './form-values';
import { FormField } from './FormField';
import type { FieldDef } from '../../../shared/entities/field-def';
import { asFieldDef, customKey, useCustomFieldDefs } from '../custom-fields/use-custom-field-defs';

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
  const customDefs = useCustomFieldDefs(resource.entity.name) ?? [];
  const customFields = customDefs.map((d) => [customKey(d.name), asFieldDef(d), d] as const);
  const recordCustom = (record?.custom_fields ?? {}) as Record<string, unknown>;
  const [values, setValues] = useState<FormValues>(() =>
    Object.fromEntries(fields.map(([name, def]) => [name, toFormValue(def, record ? record[name] : def.defaultsToCaller ? null : def.default)])),
  );
  // Custom values start from the record once the definitions arrive; typed values win.
  const valueOf = (key: string, def: FieldDef, name: string): FormValue => (key in values ? values[key] : toFormValue(def, recordCustom[name]));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const creating = !record;
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save takes the person to the first field the API named, even below the fold.
  useEffect(() => {
    const first = error ? formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') : null;
    if (!first) return;
    first.focus({ preventScroll: true });
    // Centred, so the sticky button bar never covers it.
    first.scrollIntoView({ block: 'center' });
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {};
    for (const [name, def] of fields) {
      const v = toApiValue(def, values[name] ?? null, creating);
      if (v !== undefined) body[name] = v;
    }
    const custom: Record<string, unknown> = {};
    for (const [key, def, cf] of customFields) {
      if (!(key in values)) continue;
      const v = toApiValue(def, values[key] ?? null, creating);
      if (v !== undefined) custom[cf.name] = def.kind === 'tags' && Array.isArray(v) && v.length === 0 ? null : v;
    }
    if (Object.keys(custom).length > 0) body.custom_fields = custom;
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

  const known = new Set([...fields.map(([n]) => n), ...customFields.map(([k]) => k)]);
  const banner = error && Object.keys(error.fields).every((f) => !known.has(f)) ? error : undefined;
  const set = (name: string) => (value: FormValue) => setValues((prev) => ({ ...prev, [name]: value }));
  const title = creating ? `New ${resource.singular}` : `Edit ${recordTitle(resource, record)}`;

  return (
    <Dialog title={title} onClose={onClose} wide testId="record-form">
      <form ref={formRef} onSubmit={submit} noValidate data-testid="record-form-element">
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
        {customFields.length > 0 && (
          <fieldset className="form-section" data-testid="custom-fields-form">
            <legend>Custom fields</legend>
            <div className="form-grid">
              {customFields.map(([key, def, cf]) => (
                <FormField key={key} name={key} def={def} value={valueOf(key, def, cf.name)} onChange={set(key)} error={error?.fieldMessage(key)} />
              ))}
            </div>
          </fieldset>
        )}
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
