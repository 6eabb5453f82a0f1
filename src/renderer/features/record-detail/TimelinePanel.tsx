import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError } from '../../ui/as-api-error';
import { formatDateTime } from '../records/format-value';

interface TimelineItem {
  id: string;
  type: string;
  action?: string;
  description: string;
  user?: string | null;
  timestamp: string;
  changes?: string[];
}

interface TimelinePage {
  timeline: TimelineItem[];
  next_cursor: string | null;
}

/** The record's history: activities, changes, tasks, stage moves, newest first. */
export function TimelinePanel({ entity, id }: { entity: string; id: string }) {
  const api = useApi();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'missing' | 'failed'>('loading');

  const load = useCallback(
    (after?: string) => {
      api
        .get<TimelinePage>(`/timeline/${entity}/${id}/`, { query: { limit: 20, cursor: after } })
        .then((page) => {
          setItems((prev) => (after ? [...prev, ...page.timeline] : page.timeline));
          setCursor(page.next_cursor);
          setState('ready');
        })
        .catch((err: unknown) => setState(asApiError(err).status === 404 ? 'missing' : 'failed'));
    },
    [api, entity, id],
  );

  useEffect(() => load(), [load]);
  useEntityChanges([entity, 'activity', 'task'], () => load());

  return (
    <section className="card detail-section" data-testid="timeline">
      <h3>Timeline</h3>
      {state === 'loading' && <p className="muted small">Loading history…</p>}
      {state === 'missing' && <p className="muted small">The timeline is not available on this server yet.</p>}
      {state === 'failed' && <p className="field-error">Could not load the timeline.</p>}
      {state === 'ready' && items.length === 0 && <p className="muted small">Nothing has happened here yet.</p>}
      <ol className="timeline">
        {items.map((item) => (
          <li key={item.id} className={`timeline-item ${item.type}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div>
              <div className="timeline-text">{item.description}</div>
              <div className="muted small">
                {formatDateTime(item.timestamp)}
                {item.user ? ` · ${item.user}` : ''}
                {item.changes && item.changes.length > 0 && item.action === 'update' ? ` · ${item.changes.join(', ')}` : ''}
              </div>
            </div>
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" className="button ghost small" onClick={() => load(cursor)}>
          Show older
        </button>
      )}
    </section>
  );
}
