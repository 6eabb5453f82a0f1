import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';
import type { Conflict } from '../../../shared/contract/api-types';

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(empty)' : Array.isArray(value) ? value.join(', ') : String(value));

/**
 * Edits made at the same time on two installs: the later one won, the other is kept here so
 * nothing typed is lost. Restore writes it back (a normal edit); Dismiss keeps what is shown.
 */
export function ConflictsPanel({ entity, id, onSettled }: { entity: string; id: string; onSettled: () => void }) {
  const api = useApi();
  const toast = useToast();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);

  const load = useCallback(() => {
    api
      .call('conflicts.list', { query: { model: entity, object_id: id } })
      .then((page) => setConflicts(page.results))
      .catch(() => setConflicts([]));
  }, [api, entity, id]);
  useEffect(load, [load]);
  useEntityChanges([entity], load);

  async function settle(conflict: Conflict, action: 'restore' | 'dismiss') {
    try {
      await api.call(action === 'restore' ? 'conflicts.restore' : 'conflicts.dismiss', { params: { id: conflict.id } });
      setConflicts((list) => list.filter((c) => c.id !== conflict.id));
      onSettled();
    } catch (err) {
      toast(`Could not ${action} the ${conflict.field_label.toLowerCase()} value: ${asApiError(err).message}`, { tone: 'error' });
    }
  }

  if (conflicts.length === 0) return null;
  return (
    <section className="card detail-section conflicts-panel" data-testid="conflicts">
      <h3>Edited at the same time elsewhere</h3>
      <ul className="conflict-list">
        {conflicts.map((c) => (
          <li key={c.id} data-testid="conflict">
            <div>
              <strong>{c.field_label}</strong>: kept <span className="conflict-value">{shown(c.current_value)}</span>, the other edit was{' '}
              <span className="conflict-value">{shown(c.losing_value)}</span>
              <div className="muted">{formatDateTime(c.detected_at)}</div>
            </div>
            <div className="conflict-actions">
              <button type="button" className="button ghost small" onClick={() => void settle(c, 'restore')} data-testid="conflict-restore">
                Use the other value
              </button>
              <button type="button" className="button ghost small" onClick={() => void settle(c, 'dismiss')} data-testid="conflict-dismiss">
                Keep
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
