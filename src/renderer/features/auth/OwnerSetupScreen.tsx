import { useState, type ReactNode } from 'react';
import { useApi } from '../../app/api-context';
import { WelcomeBanner, WelcomeCard, WelcomeFields, bannerMessage } from './WelcomeCard';
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

  return (
    <WelcomeCard
      testId="setup"
      title="Welcome to FieldCRM"
      intro="Create your profile. You will be the owner of this CRM and can invite your team later."
      onSubmit={submit}
    >
      {choice}
      <WelcomeBanner testId="setup" message={bannerMessage(error, FIELDS)} />
      <WelcomeFields fields={FIELDS} values={values} setValues={setValues} clearField={clearField} error={error} />
      <button type="submit" className="button primary block" disabled={busy || !values.username || !values.password} data-testid="setup-submit">
        {busy ? 'Creating your profile…' : 'Create profile and start'}
      </button>
    </WelcomeCard>
  );
}
