import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { Icon } from '../../app/Icon';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { BulkEditDialog } from './BulkEditDialog';
import type { ResourceDef } from './record-resources';
import { recordOp } from '../../../shared/contract/signatures';

interface BulkActionBarProps {
  resource: ResourceDef;
  ids: string[];
  deletedView: boolean;
  onDone: () => void;
  onClear: () => void;
}

/** Actions on the selected rows: one all-or-nothing `POST /<resource>/bulk/` each. */
export function BulkActionBar({ resource, ids, deletedView, onDone, onClear }: BulkActionBarProps) {
  const api = useApi();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const noun = ids.length === 1 ? resource.singular : resource.name;

  async function run(action: 'delete' | 'restore', chosen: string[]) {
    setBusy(true);
    try {
      await api.call(recordOp(resource.name, 'bulk'), { body: { action, ids: chosen } });
      onDone();
      toast(`${chosen.length} ${noun} ${action === 'delete' ? 'deleted' : 'restored'}`, {
        action: action === 'delete' ? { label: 'Undo', run: () => void run('restore', chosen) } : undefined,
      });
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="bulk-bar" data-testid="bulk-bar" role="toolbar" aria-label="Selected rows">
      <strong data-testid="selected-count">{ids.length} selected</strong>
      {!deletedView && (
        <>
          <button type="button" className="button ghost small" disabled={busy} onClick={() => setEditing(true)} data-testid="bulk-edit">
            <Icon name="edit" size={14} /> Edit field
          </button>
          <button type="button" className="button ghost small danger" disabled={busy} onClick={() => void run('delete', ids)} data-testid="bulk-delete">
            <Icon name="trash" size={14} /> Delete
          </button>
        </>
      )}
      {deletedView && (
        <button type="button" className="button ghost small" disabled={busy} onClick={() => void run('restore', ids)} data-testid="bulk-restore">
          <Icon name="restore" size={14} /> Restore
        </button>
      )}
      <button type="button" className="link-button" onClick={onClear}>
        Clear selection
      </button>
      {editing && (
        <BulkEditDialog
          resource={resource}
          ids={ids}
          onClose={() => setEditing(false)}
          onDone={(label) => {
            setEditing(false);
            onDone();
            toast(`${label} changed on ${ids.length} ${noun}`);
          }}
        />
      )}
    </div>
  );
}
