import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DOC_SOCKET_PREFIX, NOTES_FIELD, type PresenceUser } from '../../src/shared/co-editing/doc-channel';

/** A page's side of a record's co-editing room, in Node: the real y-websocket provider over TCP. */
export interface DocClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  /** Presence of the others (own state left out). */
  others(): PresenceUser[];
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

export function docClient(baseUrl: string, entity: string, id: string, token: string | null, claim: Partial<PresenceUser> = {}): DocClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}${DOC_SOCKET_PREFIX}`, `${entity}/${id}/`, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  provider.awareness.setLocalStateField('user', { id: 'someone-else', name: 'Claimed', color: '#000000', ...claim });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: String(event.reason) });
    });
  });
  return {
    doc,
    provider,
    closed,
    text: doc.getText(NOTES_FIELD),
    others: () =>
      [...provider.awareness.getStates().entries()]
        .filter(([clientId, state]) => clientId !== doc.clientID && state.user)
        .map(([, state]) => state.user as PresenceUser),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(client: DocClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => client.provider.once('sync', (isSynced: boolean) => isSynced && resolve()));
}

/** Raw socket on a doc path, for hostile frames. */
export function rawDocSocket(baseUrl: string, path: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}
