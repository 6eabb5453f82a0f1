import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { apiQueryOptions, useApiQuery } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { TimelineEntry } from '../history/TimelineEntry';
import { dedupe, groupByDay, TIMELINE_KINDS, type FieldChange, type TimelineKind } from '../history/timeline-items';

/**
 * The record's history, newest first and grouped by day: activities, tasks, and each change
 * with its fields' old -> new values (joined from the field history by audit entry). Pages
 * follow the timeline's cursor; a change to the record, its activities or tasks reported on
 * `/ws/activity/` reads the loaded pages again.
 */
export function TimelinePanel({ entity, id }: { entity: string; id: string }) {
  const api = useApi();
  const [kind, setKind] = useState<TimelineKind>('all');
  const types = TIMELINE_KINDS.find((k) => k.id === kind)?.types || undefined;
  const params = { entity_type: entity, entity_id: id };
  const timeline = useInfiniteQuery({
    queryKey: apiQueryOptions(api, 'timeline.entity', { params, query: { limit: 30, activity_types: types } }).queryKey,
    queryFn: ({ pageParam, signal }) =>
      apiQueryOptions(api, 'timeline.entity', { params, query: { limit: 30, cursor: pageParam, activity_types: types } }).queryFn({ signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    // Switching the kind keeps the shown items until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  // The same cache entry as the History tab's; without it the changes show without their values.
  const history = useApiQuery('field_history.list', { query: { model: entity, object_id: id, page_size: 100 } });
  const values = useMemo(() => {
    const byAudit = new Map<string, FieldChange[]>();
    for (const c of history.data?.results ?? []) byAudit.set(c.audit_id, [...(byAudit.get(c.audit_id) ?? []), c]);
    return byAudit;
  }, [history.data]);
  const items = useMemo(() => timeline.data?.pages.flatMap((p) => p.timeline) ?? [], [timeline.data]);
  const state = timeline.data ? 'ready' : timeline.error ? (timeline.error.status === 404 ? 'missing' : 'failed') : 'loading';

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
      {timeline.hasNextPage && (
        <button type="button" className="button ghost small" onClick={() => void timeline.fetchNextPage()}>
          Show older
        </button>
      )}
    </section>
  );
}
