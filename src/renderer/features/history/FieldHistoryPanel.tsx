import type { FieldChange } from '../../../shared/contract/api-types';
import { useApiQuery } from '../../api/use-api-query';
import { formatDateTime } from '../records/format-value';

/** The History tab: every field that changed, each with its values over time (newest first). */
export function FieldHistoryPanel({ entity, id }: { entity: string; id: string }) {
  // Read again when this record changes (the cache's invalidation from /ws/activity/).
  const { data, isError: failed } = useApiQuery('field_history.list', { query: { model: entity, object_id: id, page_size: 100 } });
  const changes = data?.results;

  if (failed) return <p className="field-error">Could not load the field history.</p>;
  if (!changes) return <p className="muted small">Loading history…</p>;
  if (changes.length === 0)
    return (
      <p className="muted small" data-testid="field-history-empty">
        No field has been changed since this record was created.
      </p>
    );

  const byField = new Map<string, FieldChange[]>();
  for (const c of changes) byField.set(c.field_name, [...(byField.get(c.field_name) ?? []), c]);
  return (
    <div className="field-history" data-testid="field-history">
      {[...byField.entries()].map(([field, list]) => (
        <section key={field} className="field-history-group" data-testid="field-history-group" data-field={field}>
          <h4>{list[0]?.field_label ?? field}</h4>
          <table className="history-table">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td className="change-old">{c.old_value_display}</td>
                  <td className="change-new">{c.new_value_display}</td>
                  <td>{c.changed_by}</td>
                  <td className="nowrap">
                    <time dateTime={c.changed_at}>{formatDateTime(c.changed_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
