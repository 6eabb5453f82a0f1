import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TextField } from '../auth/TextField';
import { useSubmit } from '../../ui/use-submit';

export function PasswordSection() {
  const api = useApi();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat !== '' && next !== repeat ? 'The passwords do not match.' : undefined;

  const { busy, error, submit, clearField } = useSubmit(async () => {
    if (mismatch) return;
    await api.call('auth.change_password', { body: { current_password: current, new_password: next } });
    setCurrent('');
    setNext('');
    setRepeat('');
    toast('Password changed. Your other sessions were signed out.');
  });

  const banner = error && !error.fieldMessage('current_password') && !error.fieldMessage('new_password') ? error : undefined;
  return (
    <form className="card pad-lg form-stack narrow-form" onSubmit={submit} data-testid="password-form">
      <h3>Change password</h3>
      <ErrorBanner error={banner} />
      <TextField
        label="Current password"
        name="current_password"
        type="password"
        value={current}
        onChange={(v) => {
          setCurrent(v);
          clearField('current_password');
        }}
        autoComplete="current-password"
        error={error?.fieldMessage('current_password')}
      />
      <TextField
        label="New password (8 characters or more)"
        name="new_password"
        type="password"
        value={next}
        onChange={(v) => {
          setNext(v);
          clearField('new_password');
        }}
        autoComplete="new-password"
        error={error?.fieldMessage('new_password')}
      />
      <TextField
        label="Repeat new password"
        name="repeat_password"
        type="password"
        value={repeat}
        onChange={setRepeat}
        autoComplete="new-password"
        error={mismatch}
      />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !current || !next || Boolean(mismatch)} data-testid="password-save">
          Change password
        </button>
      </div>
    </form>
  );
}
