import { useState, type ReactNode } from 'react';
import { useApi } from '../../app/api-context';
import { WelcomeBanner, WelcomeCard, WelcomeFields, bannerMessage } from '../auth/WelcomeCard';
import { useSubmit } from '../../ui/use-submit';
import { markJoining } from './joining-flag';

const FIELDS = [
  { name: 'relay_url', label: 'Team relay address', autoComplete: 'url', type: 'text' },
  { name: 'invite_code', label: 'Invite code', autoComplete: 'off', type: 'text' },
  { name: 'email', label: 'Email (the one you were invited with)', autoComplete: 'email', type: 'email' },
  { name: 'password', label: 'Password (8 characters or more)', autoComplete: 'new-password', type: 'password' },
] as const;

/**
 * First run on a teammate's install: relay address + invite code + email + password. The
 * account is made here and on the relay, you are signed in, and the team's records arrive
 * (the bootstrap screen shows their progress).
 */
export function JoinTeamForm({ choice }: { choice: ReactNode }) {
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, submit, clearField } = useSubmit(async () => {
    markJoining(true);
    try {
      await api.joinTeam({
        relay_url: values.relay_url ?? '',
        invite_code: values.invite_code ?? '',
        email: values.email ?? '',
        password: values.password ?? '',
      });
    } catch (err) {
      markJoining(false);
      throw err;
    }
  });
  const complete = FIELDS.every((f) => (values[f.name] ?? '').trim() !== '');
  return (
    <WelcomeCard
      testId="join"
      title="Welcome to FieldCRM"
      intro="Join your team with the invite code an admin gave you. The team’s records are copied to this computer."
      onSubmit={submit}
    >
      {choice}
      <WelcomeBanner testId="join" message={bannerMessage(error, FIELDS)} />
      <WelcomeFields fields={FIELDS} values={values} setValues={setValues} clearField={clearField} error={error} />
      <button type="submit" className="button primary block" disabled={busy || !complete} data-testid="join-submit">
        {busy ? 'Joining the team…' : 'Join the team'}
      </button>
    </WelcomeCard>
  );
}
