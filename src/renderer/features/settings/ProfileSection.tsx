import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TextField } from '../auth/TextField';
import { useSubmit } from '../../ui/use-submit';

const FIELDS = [
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['phone', 'Phone'],
  ['department', 'Department'],
  ['timezone', 'Time zone'],
  ['language', 'Language'],
] as const;

export function ProfileSection() {
  const api = useApi();
  const toast = useToast();
  const [values, setValues] = useState<Record<string, string> | undefined>();
  const [email, setEmail] = useState('');
  const { busy, error, setError, submit, clearField } = useSubmit(async () => {
    if (!values) return;
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? null : v.trim()]));
    const me = await api.call('auth.update_me', { body });
    api.updateSessionUser({ full_name: me.full_name, email: me.email });
    toast('Profile saved');
  });

  useEffect(() => {
    api
      .call('auth.me')
      .then((me) => {
        setEmail(String(me.email ?? ''));
        setValues(Object.fromEntries(FIELDS.map(([f]) => [f, me[f] == null ? '' : String(me[f])])));
      })
      .catch((err: unknown) => setError(asApiError(err)));
  }, [api]);

  if (!values) return <section className="card pad-lg">{error ? <ErrorBanner error={error} /> : <p className="muted">Loading…</p>}</section>;
  const banner = error && FIELDS.every(([f]) => !error.fieldMessage(f)) ? error : undefined;
  return (
    <form className="card pad-lg form-stack" onSubmit={submit} data-testid="profile-form">
      <h3>Profile</h3>
      <p className="muted small">Signed in as {email}. Your name shows on records you own and on the timeline.</p>
      <ErrorBanner error={banner} />
      <div className="form-grid">
        {FIELDS.map(([f, label]) => (
          <TextField
            key={f}
            label={label}
            name={f}
            value={values[f] ?? ''}
            onChange={(v) => {
              setValues({ ...values, [f]: v });
              clearField(f);
            }}
            error={error?.fieldMessage(f)}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="profile-save">
          {busy ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}
