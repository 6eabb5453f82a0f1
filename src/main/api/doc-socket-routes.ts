import type { FastifyInstance } from 'fastify';
import type { RawData } from 'ws';
import { DOC_SOCKET_PREFIX } from '../../shared/co-editing/doc-channel';
import { keepAlive } from './websocket-routes';
import { objectOr } from '../core/json-object';

/** The engine's side of one doc socket (see engines/co-editing). */
export interface DocSocketHandler {
  open(
    peer: { send(bytes: Uint8Array): void; close(code: number, reason: string): void },
    request: { entity: string; id: string; bearer: string | undefined },
  ): { message(bytes: Uint8Array): void; closed(): void };
  pingIntervalMs: number;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function toBytes(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

/**
 * `/ws/docs/{entity}/{id}/`: the y-websocket compatible endpoint of a record's co-editing
 * room. Binary frames pass through untouched; the upgrade went through the same Host and Origin
 * checks as every request. The token comes as `?token=` (a browser WebSocket sets no header).
 */
export function registerDocSocketRoutes(app: FastifyInstance, docs: DocSocketHandler): void {
  app.register(async (scope) => {
    scope.get(`${DOC_SOCKET_PREFIX}/:entity/:id/`, { websocket: true }, (socket, request) => {
      const params = request.params as { entity: string; id: string };
      const query = objectOr(request.query);
      const header = BEARER.exec(request.headers.authorization ?? '')?.[1];
      const bearer = typeof query.token === 'string' && query.token !== '' ? query.token : header;
      const session = docs.open(
        {
          send: (bytes) => {
            if (socket.readyState === socket.OPEN) socket.send(bytes);
          },
          close: (code, reason) => {
            if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
          },
        },
        { entity: params.entity, id: params.id, bearer },
      );
      const stopPing = keepAlive(socket, docs.pingIntervalMs);
      socket.on('message', (data: RawData) => session.message(toBytes(data)));
      socket.on('close', () => {
        stopPing();
        session.closed();
      });
    });
  });
}
