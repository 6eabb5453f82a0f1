/**
 * The timeline's answers (spec section 7), declared once for the engine and the screens
 * (the record page had its own `TimelinePage` in another shape).
 */
export interface TimelineItem {
  id: string;
  type: string;
  action: string;
  description: string;
  entity_type: string | null;
  entity_id: string | null;
  entity_name: string | null;
  user: { id: string; name: string | null; email: string | null } | null;
  timestamp: string;
  changes?: string[];
}

/** `GET /timeline/`, `/timeline/my-activity/`, `/timeline/user/{id}/`: newest first, by cursor. */
export interface TimelinePage {
  count: number;
  next_cursor: string | null;
  results: TimelineItem[];
}

/** An item of one record's timeline: the spec names the author as a string; `user_id` keeps the link. */
export interface EntityTimelineItem extends Omit<TimelineItem, 'user'> {
  user: string;
  user_id: string | null;
}

/** `GET /timeline/{entity_type}/{entity_id}/`. */
export interface EntityTimelinePage {
  entity_type: string;
  entity_id: string;
  entity_name: string | null;
  count: number;
  next_cursor: string | null;
  timeline: EntityTimelineItem[];
}
