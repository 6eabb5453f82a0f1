import { modifyAwarenessUpdate } from 'y-protocols/awareness';
import { MAX_AWARENESS_STATE_BYTES, presenceColor, type PresenceUser } from '../../../shared/co-editing/doc-channel';
import { isJsonObject } from '../../core/json-object';

/**
 * A page's awareness update with every state's `user` replaced by the caller's own identity:
 * a page cannot show up as someone else. Only plain-object states of bounded size pass.
 * Returns null when the update is unreadable or a state is not acceptable.
 */
export function stampIdentity(update: Uint8Array, user: { id: string; name: string }): Uint8Array | null {
  let refused = false;
  let rewritten: Uint8Array;
  try {
    rewritten = modifyAwarenessUpdate(update, (state: unknown) => {
      if (state === null) return null;
      if (!isJsonObject(state)) {
        refused = true;
        return null;
      }
      const next: Record<string, unknown> = { ...state };
      const presence: PresenceUser = { id: user.id, name: user.name, color: presenceColor(user.id) };
      next.user = presence;
      if (JSON.stringify(next).length > MAX_AWARENESS_STATE_BYTES) refused = true;
      return next;
    });
  } catch {
    return null;
  }
  return refused ? null : rewritten;
}

/** An awareness update from another install: readable, and each state a bounded object. */
export function checkRemoteAwareness(update: Uint8Array): boolean {
  let ok = true;
  try {
    modifyAwarenessUpdate(update, (state: unknown) => {
      if (state === null) return null;
      if (typeof state !== 'object' || Array.isArray(state) || JSON.stringify(state).length > MAX_AWARENESS_STATE_BYTES) ok = false;
      const user = (state as { user?: unknown } | null)?.user;
      if (!user || typeof user !== 'object' || typeof (user as PresenceUser).id !== 'string' || typeof (user as PresenceUser).name !== 'string') ok = false;
      return state;
    });
  } catch {
    return false;
  }
  return ok;
}
