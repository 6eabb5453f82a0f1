import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { useSubmit } from '../../ui/use-submit';

export function SaveViewDialog({ onClose, onSave }: { onClose: () => void; onSave: (name: string, isShared: boolean) => Promise<void> }) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const { busy, error, submit } = useSubmit(() => onSave(name.trim(), shared));

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
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="view-save">
            Save view
          </button>
        </div>
      </form>
    </Dialog>
  );
}
