import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useSubmit } from '../../ui/use-submit';
import type { ApiError } from '../../api/api-error';
import { asApiError } from '../../ui/as-api-error';
import type { FieldGroup } from './custom-field-admin-types';

/** The model's field groups (sections on the record form): add, rename, delete an empty one. */
export function FieldGroupsEditor({ model, groups, onChanged }: { model: string; groups: FieldGroup[]; onChanged: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await api.call('custom_field_groups.create', { body: { name, content_type: model, order: groups.length } });
    setName('');
    onChanged();
  });
  const [removeError, setRemoveError] = useState<ApiError | undefined>();
  const removeGroup = (id: string) => {
    setRemoveError(undefined);
    api.call('custom_field_groups.destroy', { params: { id } }).then(onChanged, (err: unknown) => setRemoveError(asApiError(err)));
  };
  return (
    <fieldset className="form-section" data-testid="cf-groups">
      <legend>Groups</legend>
      <ErrorBanner error={error ?? removeError} />
      <ul className="group-list">
        {groups.map((g) => (
          <li key={g.id}>
            {g.name}
            <button type="button" className="button small ghost" aria-label={`Delete group ${g.name}`} onClick={() => removeGroup(g.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="cf-group-name">
          New group name
        </label>
        <input
          id="cf-group-name"
          value={name}
          placeholder="New group, e.g. Qualification"
          onChange={(e) => setName(e.target.value)}
          data-testid="cf-group-name"
        />
        <button type="submit" className="button small ghost" disabled={busy || name.trim() === ''} data-testid="cf-group-add">
          Add group
        </button>
      </form>
    </fieldset>
  );
}
