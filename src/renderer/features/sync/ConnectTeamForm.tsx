import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { useSubmit } from '../../ui/use-submit';
import { TextField } from '../auth/TextField';
import type { SyncStatusView } from './use-sync-status';
import type { BodyOf } from '../../../shared/contract/signatures';

const FIELDS = [
  { name: 'relay_url', label: 'Team relay address', type: 'text', hint: 'e.g. https://relay.example.com' },
  { name: 'team_name', label: 'Team name', type: 'text' },
  { name: 'email', label: 'Your email on the relay', type: 'email' },
  { name: 'password', label: 'Relay password (8 characters or more)', type: 'password' },
] as const;

/** Not in a team yet (admins): create a team on a relay with you as its admin; this install connects. */
export function ConnectTeamForm({ defaultEmail, onConnected }: { defaultEmail: string; onConnected: (status: SyncStatusView) => void }) {
  const api = useApi();
  const toast = useToast();
  const [values, setValues] = useState<Record<string, string>>({ email: defaultEmail });
  const { busy, error, submit, clearField } = useSubmit(async () => {
    // Sent as typed, blanks included: the engine names each missing field under its input.
    const status = await api.call('sync.create_team', { body: values as BodyOf<'sync.create_team'> });
    toast(`Team ${values.team_name ?? ''} created; this computer now syncs with it`);
    onConnected(status);
  });
  const banner = error && FIELDS.every((f) => !error.fieldMessage(f.name)) ? error : undefined;
  const complete = FIELDS.every((f) => (values[f.name] ?? '').trim() !== '');
  return (
    <form className="form-stack" onSubmit={submit} noValidate data-testid="connect-team-form">
      <div className="section-header">
        <h3>Connect to a team</h3>
      </div>
      <p className="muted">
        Everyone in a team shares the same records through a relay server. Your records here are sent to the team; you become the team’s admin and can invite
        colleagues.
      </p>
      <ErrorBanner error={banner} />
      {FIELDS.map((f) => (
        <TextField
          key={f.name}
          label={'hint' in f ? `${f.label} (${f.hint})` : f.label}
          name={f.name}
          type={f.type}
          value={values[f.name] ?? ''}
          onChange={(v) => {
            setValues((prev) => ({ ...prev, [f.name]: v }));
            clearField(f.name);
          }}
          autoComplete={f.type === 'password' ? 'new-password' : 'off'}
          error={error?.fieldMessage(f.name)}
        />
      ))}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !complete} data-testid="connect-team-submit">
          {busy ? 'Creating the team…' : 'Create team and connect'}
        </button>
      </div>
    </form>
  );
}
