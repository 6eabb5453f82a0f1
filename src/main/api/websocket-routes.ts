import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { RawData, WebSocket } from 'ws';
import type { SocketHandlers, SocketLimits, SocketPeer } from '../core/socket-handler';

/** Too slow: the client resumes from its last seq after reconnecting. */
const CLOSE_TOO_SLOW = 4429;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The WebSocket transport: moves frames between sockets and the engine's sessions, bounds
 * each socket's unsent bytes and pings it. Upgrades pass the same onRequest hook (Host
 * allow-list, Origin check) as every HTTP request.
 */
export function registerWebSocketRoutes(app: FastifyInstance, sockets: SocketHandlers): void {
  const limits = sockets.limits;
  app.register(websocket, { options: { maxPayload: limits.hardMaxFrameBytes } });
  // A refused upgrade (bad Host or Origin, unknown path) is answered over the raw socket; end
  // it, or it stays open and holds the server's close.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.headers.upgrade?.toLowerCase() === 'websocket') request.raw.socket?.destroy();
    done();
  });
  app.register(async (scope) => {
    for (const [path, open] of Object.entries(sockets.channels)) {
      scope.get(path, { websocket: true }, (socket, request) => {
        const peer = boundedPeer(socket, limits);
        const session = open(peer, { authorization: request.headers.authorization });
        const stopPing = keepAlive(socket, limits.pingIntervalMs);
        socket.on('message', (data) => {
          const bytes = toBuffer(data);
          session.message(bytes.toString('utf8'), bytes.length);
        });
        socket.on('close', () => {
          stopPing();
          session.closed();
        });
      });
    }
  });
}

/** A peer whose queue is bounded: past `maxBufferedBytes` unsent, the socket is dropped. */
function boundedPeer(socket: WebSocket, limits: SocketLimits): SocketPeer {
  let dropped = false;
  return {
    send(text) {
      if (dropped || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        dropped = true;
        socket.close(CLOSE_TOO_SLOW, 'Too many unsent messages; reconnect and resume from your last seq.');
        // A client that does not read will not read the close frame either.
        setTimeout(() => socket.terminate(), 1000).unref();
        return;
      }
      socket.send(text);
    },
    close(code, reason) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    },
  };
}

/** Pings every interval; a socket that did not answer the previous ping is terminated. */
export function keepAlive(socket: WebSocket, intervalMs: number): () => void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
