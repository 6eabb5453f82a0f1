import { useState } from 'react';
import { USER_ROLES } from '../../../shared/entities/enums';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TextField } from '../auth/TextField';
import { optionLabel } from '../../ui/option-label';
import { useSubmit } from '../../ui/use-submit';

const FIELDS = [
  ['first_name', 'First name', 'text'],
  ['last_name', 'Last name', 'text'],
  ['username', 'Username', 'text'],
  ['email', 'Email', 'email'],
  ['password', 'Initial password (8 characters or more)', 'password'],
] as const;

export function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const api = useApi();
  const toast = useToast();
  const [values, setValues] = useState<Record<string, string>>({ role: 'sales_rep' });
  const { busy, error, submit, clearField } = useSubmit(async () => {
    await api.call('users.create', { body: values });
    toast(`User ${values.username ?? ''} created`);
    onCreated();
  });

  const banner = error && FIELDS.every(([f]) => !error.fieldMessage(f)) ? error : undefined;
  return (
    <Dialog title="Add a user" onClose={onClose} testId="new-user-dialog">
      <form className="form-stack" onSubmit={submit} noValidate>
        <ErrorBanner error={banner} />
        {FIELDS.map(([f, label, type]) => (
          <TextField
            key={f}
            label={label}
            name={f}
            type={type}
            value={values[f] ?? ''}
            onChange={(v) => {
              setValues({ ...values, [f]: v });
              clearField(f);
            }}
            error={error?.fieldMessage(f)}
          />
        ))}
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={values.role} onChange={(e) => setValues({ ...values, role: e.target.value })}>
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {optionLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Create user
          </button>
        </div>
      </form>
    </Dialog>
  );
}
