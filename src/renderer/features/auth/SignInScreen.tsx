import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { useSubmit } from '../../ui/use-submit';
import { WelcomeBanner, WelcomeCard, WelcomeFields, bannerMessage } from './WelcomeCard';

const FIELDS = [
  { name: 'username', label: 'Username', autoComplete: 'username', autoFocus: true },
  { name: 'password', label: 'Password', autoComplete: 'current-password', type: 'password' },
] as const;

export function SignInScreen() {
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>({});
  const username = values.username ?? '';
  const password = values.password ?? '';
  const { busy, error, submit } = useSubmit(() => api.signIn(username.trim(), password));

  return (
    <WelcomeCard testId="signin" title="Sign in to FieldCRM" intro="Your team's CRM, on this computer." onSubmit={submit}>
      <WelcomeBanner testId="signin" message={bannerMessage(error, FIELDS)} />
      <WelcomeFields fields={FIELDS} values={values} setValues={setValues} error={error} />
      <button type="submit" className="button primary block" disabled={busy || !username || !password} data-testid="signin-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </WelcomeCard>
  );
}
