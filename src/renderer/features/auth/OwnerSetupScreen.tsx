import { useState, type ReactNode } from 'react';
import { useApi } from '../../app/api-context';
import { TextField } from './TextField';
import { useSubmit } from '../../ui/use-submit';
import { markFirstVisit } from '../overview/first-visit';
import { JoinTeamForm } from '../sync/JoinTeamForm';
import { FirstRunChoice, type FirstRunMode } from '../sync/FirstRunChoice';

const FIELDS = [
  { name: 'first_name', label: 'First name', autoComplete: 'given-name' },
  { name: 'last_name', label: 'Last name', autoComplete: 'family-name' },
  { name: 'username', label: 'Username', autoComplete: 'username' },
  { name: 'email', label: 'Email', autoComplete: 'email', type: 'email' },
  { name: 'password', label: 'Password (8 characters or more)', autoComplete: 'new-password', type: 'password' },
  { name: 'password_confirm', label: 'Repeat password', autoComplete: 'new-password', type: 'password' },
] as const;

/** First run of an install: create your own workspace (you become its owner), or join a team's. */
export function OwnerSetupScreen() {
  const [mode, setMode] = useState<FirstRunMode>('create');
  if (mode === 'join') return <JoinTeamForm choice={<FirstRunChoice mode={mode} onChange={setMode} />} />;
  return <CreateWorkspaceForm choice={<FirstRunChoice mode={mode} onChange={setMode} />} />;
}

function CreateWorkspaceForm({ choice }: { choice: ReactNode }) {
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, submit, clearField } = useSubmit(async () => {
    await api.setupOwner(values);
    markFirstVisit();
  });

  const fieldNamed = FIELDS.some((f) => error?.fieldMessage(f.name));
  return (
    <div className="signin-page">
      <form className="signin-card" onSubmit={submit} data-testid="setup-form" noValidate>
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <div>
            <h1>Welcome to FieldCRM</h1>
            <p className="muted">Create your profile. You will be the owner of this CRM and can invite your team later.</p>
          </div>
        </div>
        {choice}
        {error && !fieldNamed && (
          <div className="alert error" role="alert" data-testid="setup-error">
            {error.message}
          </div>
        )}
        {FIELDS.map((f) => (
          <TextField
            key={f.name}
            label={f.label}
            name={f.name}
            type={'type' in f ? f.type : 'text'}
            value={values[f.name] ?? ''}
            onChange={(v) => {
              setValues((prev) => ({ ...prev, [f.name]: v }));
              clearField(f.name);
            }}
            autoComplete={f.autoComplete}
            error={error?.fieldMessage(f.name)}
          />
        ))}
        <button type="submit" className="button primary block" disabled={busy || !values.username || !values.password} data-testid="setup-submit">
          {busy ? 'Creating your profile…' : 'Create profile and start'}
        </button>
      </form>
    </div>
  );
}
