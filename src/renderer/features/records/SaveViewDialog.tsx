import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/api-error';
import { asApiError } from '../../ui/as-api-error';
import { Dialog } from '../../ui/Dialog';

export function SaveViewDialog({ onClose, onSave }: { onClose: () => void; onSave: (name: string, isShared: boolean) => Promise<void> }) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await onSave(name.trim(), shared);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Save view" onClose={onClose} testId="save-view-dialog">
      <form className="form-stack" onSubmit={submit}>
        <div className={error?.fields.name ? 'field has-error' : 'field'}>
          <label htmlFor="view-name">Name</label>
          <input id="view-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus data-testid="view-name" />
          {error && <div className="field-error">{error.fieldMessage('name') ?? error.message}</div>}
        </div>
        <label className="check-row">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with the team
        </label>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="view-save">Save view</button>
        </div>
      </form>
    </Dialog>
  );
}
