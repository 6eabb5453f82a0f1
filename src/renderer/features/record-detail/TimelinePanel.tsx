import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError } from '../../ui/as-api-error';
import { TimelineEntry } from '../history/TimelineEntry';
import { dedupe, groupByDay, TIMELINE_KINDS, type FieldChange, type TimelineItem, type TimelineKind } from '../history/timeline-items';

/**
 * The record's history, newest first and grouped by day: activities, tasks, and each change
 * with its fields' old -> new values (joined from the field history by audit entry).
 */
export function TimelinePanel({ entity, id }: { entity: string; id: string }) {
  const api = useApi();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [values, setValues] = useState<Map<string, FieldChange[]>>(new Map());
  const [cursor, setCursor] = useState<string | null>(null);
  const [kind, setKind] = useState<TimelineKind>('all');
  const [state, setState] = useState<'loading' | 'ready' | 'missing' | 'failed'>('loading');

  const load = useCallback(
    (after?: string) => {
      const types = TIMELINE_KINDS.find((k) => k.id === kind)?.types;
      const timeline = api.call('timeline.entity', {
        params: { entity_type: entity, entity_id: id },
        query: { limit: 30, cursor: after, activity_types: types || undefined },
      });
      const history = api.call('field_history.list', { query: { model: entity, object_id: id, page_size: 100 } }).catch(() => undefined);
      Promise.all([timeline, history])
        .then(([page, changes]) => {
          setItems((prev) => (after ? [...prev, ...page.timeline] : page.timeline));
          setCursor(page.next_cursor);
          if (changes) {
            const byAudit = new Map<string, FieldChange[]>();
            for (const c of changes.results) byAudit.set(c.audit_id, [...(byAudit.get(c.audit_id) ?? []), c]);
            setValues(byAudit);
          }
          setState('ready');
        })
        .catch((err: unknown) => setState(asApiError(err).status === 404 ? 'missing' : 'failed'));
    },
    [api, entity, id, kind],
  );

  useEffect(() => load(), [load]);
  useEntityChanges([entity, 'activity', 'task'], () => load());

  const groups = groupByDay(dedupe(items));
  return (
    <section className="card detail-section" data-testid="timeline">
      <div className="section-head">
        <h3>Timeline</h3>
        <div className="segmented" role="group" aria-label="Show in the timeline">
          {TIMELINE_KINDS.map((k) => (
            <button
              key={k.id}
              type="button"
              className={k.id === kind ? 'active' : undefined}
              aria-pressed={k.id === kind}
              onClick={() => setKind(k.id)}
              data-testid={`timeline-kind-${k.id}`}
            >
              {k.label}
            </button>
          ))}
        </div>
      </div>
      {state === 'loading' && <p className="muted small">Loading history…</p>}
      {state === 'missing' && <p className="muted small">The timeline is not available on this server yet.</p>}
      {state === 'failed' && <p className="field-error">Could not load the timeline.</p>}
      {state === 'ready' && groups.length === 0 && <p className="muted small">Nothing has happened here yet.</p>}
      {groups.map((g) => (
        <div key={g.day} className="timeline-day" data-testid="timeline-day">
          <h4 className="timeline-day-label">{g.day}</h4>
          <ol className="timeline">
            {g.items.map((item) => (
              <TimelineEntry key={item.id} item={item} ownEntity={entity} ownId={id} changes={values.get(item.id.replace(/^audit_/, ''))} />
            ))}
          </ol>
        </div>
      ))}
      {cursor && (
        <button type="button" className="button ghost small" onClick={() => load(cursor)}>
          Show older
        </button>
      )}
    </section>
  );
}
