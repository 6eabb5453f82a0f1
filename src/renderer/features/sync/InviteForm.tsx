import { useState } from 'react';
import { USER_ROLES } from '../../../shared/entities/enums';
import { useApi } from '../../app/api-context';
import { Icon } from '../../app/Icon';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { optionLabel } from '../../ui/option-label';
import { useSubmit } from '../../ui/use-submit';
import { TextField } from '../auth/TextField';
import { formatDateTime } from '../records/format-value';
import type { TeamInvite as Invite } from '../../../shared/contract/api-types';

/** Team admins: a one-time invite code for a colleague's email and role, shown to copy. */
export function InviteForm({ onInvited }: { onInvited?: () => void }) {
  const api = useApi();
  const [values, setValues] = useState({ email: '', role: 'sales_rep' });
  const [invite, setInvite] = useState<Invite | undefined>();
  const [copied, setCopied] = useState(false);
  const { busy, error, submit, clearField } = useSubmit(async () => {
    setInvite(await api.call('sync.invite', { body: values }));
    setCopied(false);
    onInvited?.();
  });
  const banner = error && !error.fieldMessage('email') && !error.fieldMessage('role') ? error : undefined;
  return (
    <form className="form-stack" onSubmit={submit} noValidate data-testid="invite-form">
      <h4>Invite a colleague</h4>
      <ErrorBanner error={banner} />
      <div className="invite-row">
        <TextField
          label="Email"
          name="invite-email"
          type="email"
          value={values.email}
          onChange={(v) => {
            setValues({ ...values, email: v });
            clearField('email');
          }}
          error={error?.fieldMessage('email')}
        />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={values.role} onChange={(e) => setValues({ ...values, role: e.target.value })} data-testid="invite-role">
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {optionLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={busy || !values.email.trim()} data-testid="invite-submit">
          {busy ? 'Creating…' : 'Create invite code'}
        </button>
      </div>
      {invite && (
        <div className="alert success" data-testid="invite-panel">
          <strong>
            Invite code for {invite.email} ({optionLabel(invite.role)})
          </strong>
          <p className="invite-help">
            It works once, until {formatDateTime(invite.expires_at)}. They choose “Join a team” when they first open FieldCRM, then enter the relay address,
            this code, their email and a password.
          </p>
          <div className="secret-row">
            <code data-testid="invite-code">{invite.code}</code>
            <button
              type="button"
              className="button ghost small"
              onClick={() => void navigator.clipboard?.writeText(invite.code).then(() => setCopied(true))}
              data-testid="invite-copy"
            >
              <Icon name="copy" size={14} /> {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="link-button" onClick={() => setInvite(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
