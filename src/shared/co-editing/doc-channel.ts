/**
 * The co-editing channel of a record (presence and live notes): a y-websocket compatible
 * endpoint per record on the local engine, and the same y-protocols messages forwarded
 * between installs over the relay. Shared by the engine, the renderer, the relay and tests.
 */

/** `/ws/docs/{entity}/{id}/`; the y-websocket provider appends `{entity}/{id}/` to this. */
export const DOC_SOCKET_PREFIX = '/ws/docs';

/** Entities whose records have a co-edited `notes` field. */
export const CO_EDITED_ENTITIES = ['contact', 'lead', 'opportunity'] as const;
export type CoEditedEntity = (typeof CO_EDITED_ENTITIES)[number];

export function isCoEditedEntity(name: string): name is CoEditedEntity {
  return (CO_EDITED_ENTITIES as readonly string[]).includes(name);
}

/** The field the shared text is projected into, and the Y.Text's name in the room document. */
export const NOTES_FIELD = 'notes';

/** y-protocols message types (the y-websocket provider's numbering). */
export const DOC_MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** No single message on the channel is larger than this (a whole notes history fits). */
export const MAX_DOC_MESSAGE_BYTES = 512 * 1024;
/** An awareness state (user, colour, cursor) as JSON. */
export const MAX_AWARENESS_STATE_BYTES = 2 * 1024;

/**
 * Close codes of a doc socket. 44xx: the y-websocket provider does not reconnect (the
 * cause will not go away by retrying); 4429 is the exception a client may retry later.
 */
export const DOC_CLOSE = {
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  rateLimited: 4429,
} as const;

/** What a page puts in its awareness state; the engine overwrites `id` and `name` with the caller's. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** Colours an avatar may take (one per user, derived from the user id). */
export const PRESENCE_COLORS = ['#1d4ed8', '#be185d', '#047857', '#b45309', '#6d28d9', '#b91c1c', '#0e7490', '#4d7c0f'] as const;

export function presenceColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[h % PRESENCE_COLORS.length];
}
