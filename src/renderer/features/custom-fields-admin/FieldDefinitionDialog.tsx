import { useState } from 'react';
import { USER_ROLES } from '../../../shared/entities/enums';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { optionLabel } from '../../ui/option-label';
import { useSubmit } from '../../ui/use-submit';
import { nameFromLabel, TYPE_LABELS, WITH_OPTIONS, type FieldDefinition, type FieldGroup } from './custom-field-admin-types';
import { OptionsEditor } from './OptionsEditor';

interface Props {
  model: string;
  groups: FieldGroup[];
  /** Edit this definition; without it the dialog creates one at the end of the list. */
  field?: FieldDefinition;
  nextOrder: number;
  onClose: () => void;
  onSaved: () => void;
}

/** Create or edit one custom field: label, key, type, group, options with labels, who sees it. */
export function FieldDefinitionDialog({ model, groups, field, nextOrder, onClose, onSaved }: Props) {
  const api = useApi();
  const [label, setLabel] = useState(field?.label ?? '');
  const [name, setName] = useState(field?.name ?? '');
  const [type, setType] = useState(field?.field_type ?? 'text');
  const [group, setGroup] = useState(field?.group ?? '');
  const [required, setRequired] = useState(field?.is_required ?? false);
  const [filterable, setFilterable] = useState(field?.is_filterable ?? true);
  const [options, setOptions] = useState(field?.options ?? []);
  const [roles, setRoles] = useState<string[]>(field?.visible_to_roles ?? []);

  const { busy, error, submit, clearField } = useSubmit(async () => {
    const body = {
      label,
      field_type: type,
      group: group || null,
      is_required: required,
      is_filterable: filterable,
      visible_to_roles: roles,
      options: WITH_OPTIONS.has(type) ? options.filter((o) => o.value.trim() !== '') : [],
    };
    if (field) await api.call('custom_fields.update', { params: { id: field.id }, body });
    else await api.call('custom_fields.create', { body: { ...body, content_type: model, name: name || nameFromLabel(label), order: nextOrder } });
    onSaved();
  });
  const named = ['label', 'name', 'field_type', 'options', 'group', 'visible_to_roles'];
  const banner = error && named.every((f) => !error.fieldMessage(f)) ? error : undefined;
  const fieldError = (f: string) =>
    error?.fieldMessage(f) && (
      <div className="field-error" data-testid={`field-error-${f}`}>
        {error.fieldMessage(f)}
      </div>
    );

  return (
    <Dialog title={field ? `Edit ${field.label}` : 'New custom field'} onClose={onClose} wide testId="field-definition-dialog">
      <form className="form-stack" onSubmit={submit} noValidate>
        <ErrorBanner error={banner} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="cf-label">Label</label>
            <input
              id="cf-label"
              value={label}
              onChange={(e) => {
                setLabel(e.target.value);
                clearField('label');
              }}
              data-testid="cf-label"
            />
            {fieldError('label')}
          </div>
          <div className="field">
            <label htmlFor="cf-name">Key (for the API and imports)</label>
            <input
              id="cf-name"
              value={field ? field.name : name}
              placeholder={nameFromLabel(label || 'field')}
              disabled={Boolean(field)}
              onChange={(e) => {
                setName(e.target.value);
                clearField('name');
              }}
              data-testid="cf-name"
            />
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor="cf-type">Type</label>
            <select id="cf-type" value={type} onChange={(e) => setType(e.target.value)} data-testid="cf-type">
              {Object.entries(TYPE_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            {fieldError('field_type')}
          </div>
          <div className="field">
            <label htmlFor="cf-group">Group</label>
            <select id="cf-group" value={group} onChange={(e) => setGroup(e.target.value)} data-testid="cf-group">
              <option value="">No group</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <input id="cf-required" type="checkbox" className="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
            <label htmlFor="cf-required">Required</label>
          </div>
          <div className="field inline">
            <input id="cf-filterable" type="checkbox" className="checkbox" checked={filterable} onChange={(e) => setFilterable(e.target.checked)} />
            <label htmlFor="cf-filterable">Usable as a list column and filter</label>
          </div>
        </div>
        {WITH_OPTIONS.has(type) && (
          <>
            <OptionsEditor options={options} onChange={setOptions} />
            {fieldError('options')}
          </>
        )}
        <fieldset className="form-section">
          <legend>Who sees it (none ticked: everyone; admins always do)</legend>
          <div className="role-checks">
            {USER_ROLES.filter((r) => r !== 'admin').map((r) => (
              <label key={r} className="role-check">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                  data-testid={`cf-role-${r}`}
                />
                {optionLabel(r)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || label.trim() === ''} data-testid="cf-save">
            {field ? 'Save field' : 'Create field'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
