import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { CUSTOM_FIELD_MODELS, TYPE_LABELS, type FieldDefinition } from './custom-field-admin-types';
import { FieldDefinitionDialog } from './FieldDefinitionDialog';
import { FieldGroupsEditor } from './FieldGroupsEditor';
import { useFieldDefinitions } from './use-field-definitions';

/** Settings > Custom fields (admins): per model, the fields in form order, with groups. */
export function CustomFieldsSection() {
  const api = useApi();
  const toast = useToast();
  const [model, setModel] = useState<string>('lead');
  const { fields, groups, reload } = useFieldDefinitions(model);
  const [editing, setEditing] = useState<FieldDefinition | 'new' | undefined>();

  async function run(label: string, work: () => Promise<unknown>, undo?: () => Promise<unknown>) {
    try {
      await work();
      toast(label, undo ? { action: { label: 'Undo', run: () => void undo().then(reload) } } : undefined);
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
    reload();
  }

  /** Swaps two neighbours' order numbers (renumbering first, so equal numbers cannot stick). */
  function move(index: number, by: -1 | 1) {
    if (!fields) return;
    const next = [...fields];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    void run('Order saved', () =>
      Promise.all(next.map((f, i) => (f.order === i ? null : api.call('custom_fields.update', { params: { id: f.id }, body: { order: i } })))),
    );
  }

  const groupName = (id: string | null) => groups.find((g) => g.id === id)?.name;
  return (
    <section className="card pad-lg form-stack" data-testid="custom-fields-settings">
      <div className="section-header">
        <h3>Custom fields</h3>
        <button type="button" className="button primary" onClick={() => setEditing('new')} data-testid="cf-new">
          New field
        </button>
      </div>
      <div className="field narrow-form">
        <label htmlFor="cf-model">Fields of</label>
        <select id="cf-model" value={model} onChange={(e) => setModel(e.target.value)} data-testid="cf-model">
          {CUSTOM_FIELD_MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {fields && fields.length === 0 && <p className="muted">No custom fields yet. Add one to record what your team needs on every {model}.</p>}
      {fields && fields.length > 0 && (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Label</th>
              <th scope="col">Type</th>
              <th scope="col">Group</th>
              <th scope="col">Seen by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f, i) => (
              <tr key={f.id} data-testid="cf-row" data-name={f.name}>
                <td className="nowrap">
                  <button
                    type="button"
                    className="button small ghost"
                    disabled={i === 0}
                    aria-label={`Move ${f.label} up`}
                    onClick={() => move(i, -1)}
                    data-testid="cf-up"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button small ghost"
                    disabled={i === fields.length - 1}
                    aria-label={`Move ${f.label} down`}
                    onClick={() => move(i, 1)}
                    data-testid="cf-down"
                  >
                    ↓
                  </button>
                </td>
                <td>
                  <strong>{f.label}</strong> <span className="muted mono small">{f.name}</span>
                  {f.options.length > 0 && <div className="muted small">{f.options.map((o) => o.label || o.value).join(', ')}</div>}
                </td>
                <td>
                  {TYPE_LABELS[f.field_type] ?? f.field_type}
                  {f.is_required ? ' · required' : ''}
                </td>
                <td>{groupName(f.group) ?? <span className="muted">—</span>}</td>
                <td>{f.visible_to_roles.length === 0 ? 'Everyone' : f.visible_to_roles.join(', ').replace(/_/g, ' ')}</td>
                <td className="nowrap">
                  <button type="button" className="button small ghost" onClick={() => setEditing(f)} data-testid="cf-edit">
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button small ghost danger"
                    onClick={() =>
                      void run(
                        `${f.label} deleted`,
                        () => api.call('custom_fields.destroy', { params: { id: f.id } }),
                        () => api.call('custom_fields.restore', { params: { id: f.id } }),
                      )
                    }
                    data-testid="cf-delete"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldGroupsEditor model={model} groups={groups} onChanged={reload} />
      {editing && (
        <FieldDefinitionDialog
          model={model}
          groups={groups}
          field={editing === 'new' ? undefined : editing}
          nextOrder={fields?.length ?? 0}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            toast('Custom field saved');
            reload();
          }}
        />
      )}
    </section>
  );
}
