import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TextField } from '../auth/TextField';

export function PasswordSection() {
  const api = useApi();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const mismatch = repeat !== '' && next !== repeat ? 'The passwords do not match.' : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.request('POST', '/auth/password/', { body: { current_password: current, new_password: next } });
      setCurrent('');
      setNext('');
      setRepeat('');
      toast('Password changed. Your other sessions were signed out.');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const banner = error && !error.fieldMessage('current_password') && !error.fieldMessage('new_password') ? error : undefined;
  return (
    <form className="card pad-lg form-stack narrow-form" onSubmit={submit} data-testid="password-form">
      <h3>Change password</h3>
      <ErrorBanner error={banner} />
      <TextField label="Current password" name="current_password" type="password" value={current} onChange={setCurrent} autoComplete="current-password" error={error?.fieldMessage('current_password')} />
      <TextField label="New password (8 characters or more)" name="new_password" type="password" value={next} onChange={setNext} autoComplete="new-password" error={error?.fieldMessage('new_password')} />
      <TextField label="Repeat new password" name="repeat_password" type="password" value={repeat} onChange={setRepeat} autoComplete="new-password" error={mismatch} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !current || !next || Boolean(mismatch)} data-testid="password-save">Change password</button>
      </div>
    </form>
  );
}
