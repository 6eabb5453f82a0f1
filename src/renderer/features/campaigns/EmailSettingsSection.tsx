import { useEffect, useState } from 'react';
import type { SessionUser } from '../../api/token-store';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useSubmit } from '../../ui/use-submit';
import { useToast } from '../../ui/toast-context';

/** The SMTP account of this install (admins): the password is write-only. */
export function EmailSettingsSection({ user }: { user: SessionUser }) {
  const api = useApi();
  const toast = useToast();
  const [form, setForm] = useState<Record<string, string> & { secure?: string }>();
  const [passwordSet, setPasswordSet] = useState(false);
  const [testResult, setTestResult] = useState<string | undefined>();
  useEffect(() => {
    api.call('email_settings.retrieve').then(
      (s) => {
        setPasswordSet(s.password_set);
        setForm({
          host: s.host,
          port: String(s.port),
          secure: String(s.secure),
          username: s.username,
          password: '',
          rate_limit_per_minute: s.rate_limit_per_minute?.toString() ?? '',
          rate_limit_per_hour: s.rate_limit_per_hour?.toString() ?? '',
          tracking_base_url: s.tracking_base_url ?? '',
        });
      },
      (e: unknown) => setError(asApiError(e)),
    );
  }, [api]);
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  const { busy, error, setError, submit } = useSubmit(async () => {
    if (!form) return;
    const s = await api.call('email_settings.update', {
      body: {
        host: form.host,
        port: Number(form.port),
        secure: form.secure === 'true',
        username: form.username,
        ...(form.password ? { password: form.password } : {}),
        rate_limit_per_minute: num(form.rate_limit_per_minute),
        rate_limit_per_hour: num(form.rate_limit_per_hour),
        tracking_base_url: form.tracking_base_url.trim() || null,
      },
    });
    setPasswordSet(s.password_set);
    setForm({ ...form, password: '' });
    toast('Sending account saved');
  });
  const test = () =>
    api.call('email_settings.test', { body: {} }).then(
      (r) => setTestResult(`Test message sent to ${r.to}.`),
      (e: unknown) => setTestResult(asApiError(e).fieldMessage('non_field_errors') ?? asApiError(e).message),
    );
  if (!form) return <section className="card pad-lg">{error ? <ErrorBanner error={error} /> : <p className="muted">Loading…</p>}</section>;
  const field = (name: string, label: string, type = 'text') => (
    <label className={error?.fieldMessage(name) ? 'field has-error' : 'field'} key={name}>
      <span>{label}</span>
      <input
        type={type}
        value={form[name] ?? ''}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        data-testid={`smtp-${name}`}
        autoComplete={type === 'password' ? 'new-password' : undefined}
      />
      {error?.fieldMessage(name) && <span className="field-error">{error.fieldMessage(name)}</span>}
    </label>
  );
  return (
    <form className="card pad-lg form-stack" onSubmit={submit} data-testid="email-settings">
      <h3>Sending account</h3>
      <p className="muted small">The SMTP server this install sends campaigns through. The password is kept on this machine and never shown again.</p>
      <ErrorBanner error={error && !Object.keys(error.fields).length ? error : undefined} />
      <div className="form-grid">
        {field('host', 'SMTP host')}
        {field('port', 'Port', 'number')}
        <label className="field">
          <span>Security</span>
          <select value={form.secure} onChange={(e) => setForm({ ...form, secure: e.target.value })}>
            <option value="false">STARTTLS when offered (587)</option>
            <option value="true">TLS from the start (465)</option>
          </select>
        </label>
        {field('username', 'Username')}
        {field('password', passwordSet ? 'Password (set; type to replace)' : 'Password', 'password')}
        {field('rate_limit_per_minute', 'Messages per minute (empty: no limit)', 'number')}
        {field('rate_limit_per_hour', 'Messages per hour (empty: no limit)', 'number')}
        {field('tracking_base_url', 'Team relay URL for tracking (empty: no relay)')}
      </div>
      {!form.tracking_base_url && (
        <p className="muted small">Without a relay, campaigns go out without open and click tracking and with a mailto unsubscribe.</p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void test()} data-testid="smtp-test">
          Send a test to {user.email}
        </button>
        <button type="submit" className="button primary" disabled={busy} data-testid="smtp-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      {testResult && (
        <p className="small" role="status" data-testid="smtp-test-result">
          {testResult}
        </p>
      )}
    </form>
  );
}
