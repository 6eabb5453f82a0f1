import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { TextField } from './TextField';
import { useSubmit } from '../../ui/use-submit';

export function SignInScreen() {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => api.signIn(username.trim(), password));

  // Field-level messages are shown under their input; only the rest goes in the banner.
  const shownBelowInputs = error?.fieldMessage('username') || error?.fieldMessage('password');
  const bannerMessage = error && !shownBelowInputs ? error.message : undefined;

  return (
    <div className="signin-page">
      <form className="signin-card" onSubmit={submit} data-testid="signin-form" noValidate>
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <div>
            <h1>Sign in to FieldCRM</h1>
            <p className="muted">Your team's CRM, on this computer.</p>
          </div>
        </div>
        {bannerMessage && (
          <div className="alert error" role="alert" data-testid="signin-error">
            {bannerMessage}
          </div>
        )}
        <TextField
          label="Username"
          name="username"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          error={error?.fieldMessage('username')}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          error={error?.fieldMessage('password')}
        />
        <button type="submit" className="button primary block" disabled={busy || !username || !password} data-testid="signin-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
