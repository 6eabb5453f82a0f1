import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { Icon } from '../../app/Icon';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';
import type { ApiToken } from '../../../shared/contract/api-types';
import { useApiQuery } from '../../api/use-api-query';

/** Personal tokens for scripts: created here, shown once, revoked here. */
export function ApiTokensSection() {
  const api = useApi();
  const toast = useToast();
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<{ name: string; token: string } | undefined>();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const { data, error: listError, refetch } = useApiQuery('api_tokens.list', {});
  const tokens = data?.results;
  const load = useCallback(() => void refetch(), [refetch]);
  useEffect(() => {
    if (listError) setError(listError);
  }, [listError]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const created = await api.call('api_tokens.create', { body: { name: name.trim() } });
      setFresh({ name: created.name, token: created.token });
      setCopied(false);
      setName('');
      load();
    } catch (err) {
      setError(asApiError(err));
    }
  }

  async function revoke(token: ApiToken) {
    try {
      await api.call('api_tokens.revoke', { params: { id: token.id } });
      toast(`Token “${token.name}” revoked`);
      load();
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
  }

  const live = tokens?.filter((t) => !t.revoked_at) ?? [];
  return (
    <section className="card pad-lg form-stack" data-testid="api-tokens">
      <h3>API tokens</h3>
      <p className="muted small">
        Scripts on this computer call the local API with <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you.
      </p>
      <form className="inline-form" onSubmit={create}>
        <div className={error?.fieldMessage('name') ? 'field has-error grow' : 'field grow'}>
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Nightly export script" data-testid="token-name" />
          {error?.fieldMessage('name') && <div className="field-error">{error.fieldMessage('name')}</div>}
        </div>
        <button type="submit" className="button primary" disabled={!name.trim()} data-testid="token-create">
          <Icon name="plus" size={15} /> Create token
        </button>
      </form>
      <ErrorBanner error={error && !error.fieldMessage('name') ? error : undefined} />
      {fresh && (
        <div className="alert success" data-testid="token-secret-panel">
          <strong>Copy the token “{fresh.name}” now.</strong> It is shown only once.
          <div className="secret-row">
            <code data-testid="token-secret">{fresh.token}</code>
            <button
              type="button"
              className="button ghost small"
              onClick={() => void navigator.clipboard?.writeText(fresh.token).then(() => setCopied(true))}
              data-testid="token-copy"
            >
              <Icon name="copy" size={14} /> {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="link-button" onClick={() => setFresh(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
      {tokens && live.length === 0 && <p className="muted">No tokens yet. Create one for each script, so you can revoke them one by one.</p>}
      {live.length > 0 && (
        <table className="simple-table" data-testid="token-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {live.map((t) => (
              <tr key={t.id} data-testid="token-row">
                <td>{t.name}</td>
                <td>
                  <code>{t.token_prefix}…</code>
                </td>
                <td>{formatDateTime(t.created_at)}</td>
                <td>{t.last_used_at ? formatDateTime(t.last_used_at) : <span className="muted">Never</span>}</td>
                <td className="align-end">
                  <button type="button" className="button ghost small danger" onClick={() => void revoke(t)} data-testid="token-revoke">
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
