import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { FieldInput } from '../record-form/FieldInput';
import { editableFields, toApiValue, toFormValue, type FormValue } from '../record-form/form-values';
import type { ResourceDef } from './record-resources';
import { useSubmit } from '../../ui/use-submit';
import { recordOp } from '../../../shared/contract/signatures';

interface BulkEditDialogProps {
  resource: ResourceDef;
  ids: string[];
  onClose: () => void;
  onDone: (fieldLabel: string) => void;
}

export function BulkEditDialog({ resource, ids, onClose, onDone }: BulkEditDialogProps) {
  const api = useApi();
  const fields = editableFields(resource.entity.fields);
  const [field, setField] = useState(fields.find(([, d]) => d.kind === 'enum')?.[0] ?? fields[0]?.[0] ?? '');
  const def = resource.entity.fields[field];
  const [value, setValue] = useState<FormValue>(def ? toFormValue(def, null) : '');
  const { busy, error, submit } = useSubmit(async () => {
    if (!def) return;
    const changes = { [field]: toApiValue(def, value, false) };
    await api.call(recordOp(resource.name, 'bulk'), { body: { action: 'update', ids, changes } });
    onDone(def.label);
  });

  return (
    <Dialog title={`Edit ${ids.length} ${ids.length === 1 ? resource.singular : resource.name}`} onClose={onClose} testId="bulk-edit-dialog">
      <form className="form-stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="bulk-field">Field</label>
          <select
            id="bulk-field"
            value={field}
            onChange={(e) => {
              setField(e.target.value);
              const next = resource.entity.fields[e.target.value];
              setValue(next ? toFormValue(next, null) : '');
            }}
            data-testid="bulk-field"
          >
            {fields.map(([name, d]) => (
              <option key={name} value={name}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        {def && (
          <div className={error ? 'field has-error' : 'field'}>
            <label htmlFor="bulk-value">New value</label>
            <FieldInput id="bulk-value" name={field} def={def} value={value} onChange={setValue} invalid={Boolean(error)} />
            {error && (
              <div className="field-error" role="alert">
                {error.fieldMessage(field) ?? (Object.values(error.fields).flat().join(' ') || error.message)}
              </div>
            )}
          </div>
        )}
        <p className="muted small">All {ids.length} records change together, or none does.</p>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="bulk-apply">
            Apply to {ids.length}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
