import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DOC_SOCKET_PREFIX, NOTES_FIELD, presenceColor, type PresenceUser } from '../../../shared/co-editing/doc-channel';

export type RoomStatus = 'connecting' | 'live' | 'offline' | 'refused';

/**
 * A record's co-editing room as a page holds it: a Y.Doc with the shared notes, and the
 * provider that syncs it and the page's presence with the local engine. One room per
 * connection: after a drop the page starts a new one from the engine's text (the engine may
 * have restarted with a fresh room, and an old history merged into it would double the text).
 */
export class RecordRoom {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText(NOTES_FIELD);
  readonly provider: WebsocketProvider;

  constructor(baseUrl: string, entity: string, id: string, token: string, me: PresenceUser, onEnd: (code: number | null, reason: string) => void) {
    const server = new URL(DOC_SOCKET_PREFIX, baseUrl);
    server.protocol = server.protocol === 'https:' ? 'wss:' : 'ws:';
    this.provider = new WebsocketProvider(server.toString(), `${entity}/${id}/`, this.doc, {
      params: { token },
      disableBc: true,
      shouldReconnect: () => false,
    });
    this.provider.awareness.setLocalStateField('user', { ...me, color: presenceColor(me.id) });
    let ended = false;
    this.provider.on('connection-close', (event) => {
      if (ended) return;
      ended = true;
      onEnd(event?.code ?? null, event?.reason ?? '');
    });
  }

  /** The others with the record open, one entry per user (several windows of one user count once). */
  others(): PresenceUser[] {
    const own = this.doc.clientID;
    const byUser = new Map<string, PresenceUser>();
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: PresenceUser }).user;
      if (clientId === own || !user || typeof user.id !== 'string') continue;
      byUser.set(user.id, user);
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
