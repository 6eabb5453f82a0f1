import { useQueryClient } from '@tanstack/react-query';
import { apiQueryKey } from '../../api/query-keys';
import { useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';
import type { Conflict, Page } from '../../../shared/contract/api-types';

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(empty)' : Array.isArray(value) ? value.join(', ') : String(value));

/**
 * Edits made at the same time on two installs: the later one won, the other is kept here so
 * nothing typed is lost. Restore writes it back (a normal edit); Dismiss keeps what is shown.
 */
export function ConflictsPanel({ entity, id, onSettled }: { entity: string; id: string; onSettled: () => void }) {
  const api = useApi();
  const toast = useToast();
  const client = useQueryClient();
  const query = { model: entity, object_id: id };
  // Read again when this record changes (the cache's invalidation from /ws/activity/); none shown on an error.
  const conflicts = useApiQuery('conflicts.list', { query }).data?.results ?? [];

  async function settle(conflict: Conflict, action: 'restore' | 'dismiss') {
    try {
      await api.call(action === 'restore' ? 'conflicts.restore' : 'conflicts.dismiss', { params: { id: conflict.id } });
      client.setQueryData(apiQueryKey('conflicts.list', undefined, query), (page: Page<Conflict> | undefined) =>
        page ? { ...page, count: page.count - 1, results: page.results.filter((c) => c.id !== conflict.id) } : page,
      );
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
