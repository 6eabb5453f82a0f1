import { requireCaller, type HandlerMap } from '../../core/handler';
import { validationError } from '../../../shared/errors';
import type { EntityTimelinePage, TimelinePage } from '../../../shared/contract/timeline-types';
import { TIMELINE_ENTITIES, type TimelineEngine, type TimelineSlice } from './timeline-engine';

const general = (page: TimelineSlice): TimelinePage => ({ count: page.items.length, next_cursor: page.nextCursor, results: page.items });

/** Handlers of the timeline operations (src/shared/contract/audit-operations.ts). */
export function timelineHandlers(timeline: TimelineEngine): HandlerMap {
  return {
    'timeline.list': (req) => general(timeline.query(requireCaller(req), req.query)),
    'timeline.my_activity': (req) => {
      const caller = requireCaller(req);
      return { user: timeline.requireUser(caller.id), ...general(timeline.query(caller, req.query, { userId: caller.id })) };
    },
    'timeline.user_activity': (req) => {
      const user = timeline.requireUser(req.params.user_id);
      return { user, ...general(timeline.query(requireCaller(req), req.query, { userId: user.id })) };
    },
    'timeline.entity': (req): EntityTimelinePage => {
      const { entity_type: type, entity_id: id } = req.params;
      if (!(TIMELINE_ENTITIES as readonly string[]).includes(type)) {
        throw validationError({ entity_type: [`Unknown entity type "${type}". One of: ${TIMELINE_ENTITIES.join(', ')}.`] });
      }
      const name = timeline.requireRecord(type, id);
      const page = timeline.query(requireCaller(req), req.query, { entity: { type, id } });
      return {
        entity_type: type,
        entity_id: id,
        entity_name: name,
        count: page.items.length,
        next_cursor: page.nextCursor,
        // The spec's entity timeline names the author as a string; user_id keeps the link.
        timeline: page.items.map((i) => ({ ...i, user: i.user?.name ?? (i.user ? i.user.id : 'System'), user_id: i.user?.id ?? null })),
      };
    },
  };
}
