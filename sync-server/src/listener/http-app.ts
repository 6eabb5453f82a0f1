import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../../../src/shared/errors';
import type { RelayCore } from '../core/relay-core';
import { KeyedLimiter } from '../core/rate-limiter';
import type { IdentityService } from '../identity/identity-service';
import type { RelayStore } from '../store/relay-store';
import { registerPublicEmailRoutes } from './public-email-routes';
import { registerTrackingMemberRoutes } from './tracking-member-routes';
import { registerCompactionRoutes } from './compaction-routes';

/** Larger frames are cut by the socket library (close 1009); up to this the core answers with a typed error. */
const SOCKET_MAX_PAYLOAD = 4 * 1024 * 1024;

export interface HttpAppDeps {
  core: RelayCore;
  identity: IdentityService;
  store: RelayStore;
  authPerMinute?: number;
  /** The relay's public base URL (what recipients' mail clients reach), for tracking links. */
  publicUrl: () => string;
  /** 'degraded' while the relay cannot hear other instances' commits (its database is away). */
  health?: () => 'ok' | 'degraded';
}

/**
 * The relay's network listener: HTTP endpoints for identity and operations, and the one
 * WebSocket route that hands bytes to the core. No protocol rule lives here.
 */
export function buildRelayApp(deps: HttpAppDeps): FastifyInstance {
  const { core, identity } = deps;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: false });
  // Password-checking endpoints: 10 a minute per address (RELAY_AUTH_PER_MINUTE), bursts of twice that.
  const perMinute = deps.authPerMinute ?? 10;
  const authLimiter = new KeyedLimiter(perMinute / 60, perMinute * 2);

  app.setErrorHandler((err: unknown, _req, reply) => {
    const e = err instanceof AppError ? err : toAppError(err);
    if (e.code === 'internal') core.deps.log('error', 'request failed', { error: err instanceof Error ? err.message : String(err) });
    void reply.status(e.status).send(e.toBody());
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send(new AppError('not_found', 'no such endpoint').toBody());
  });

  const limited = (req: FastifyRequest) => {
    if (!authLimiter.allow(req.ip, Date.now())) throw new AppError('rate_limited', 'too many attempts; wait a minute', undefined, 60);
  };
  const auth = (req: FastifyRequest) => identity.authenticate(req.headers.authorization);

  app.get('/healthz', async () => ({ status: deps.health?.() ?? 'ok', draining: core.draining }));
  app.get('/metrics', async (_req, reply: FastifyReply) => {
    const size = await deps.store.sizeBytes().catch(() => 0);
    void reply.type('text/plain; version=0.0.4');
    return core.metrics.render(Date.now(), size);
  });

  app.post('/v1/teams', async (req, reply) => {
    limited(req);
    void reply.status(201);
    return identity.createTeam(req.body);
  });
  app.post('/v1/invites', async (req, reply) => {
    const claims = await auth(req);
    void reply.status(201);
    return identity.createInvite(claims, req.body);
  });
  app.post('/v1/join', async (req) => {
    limited(req);
    return identity.join(req.body);
  });
  app.post('/v1/token', async (req) => {
    limited(req);
    return identity.token(req.body);
  });
  app.post('/v1/token/refresh', async (req) => {
    limited(req);
    return identity.refresh(req.body);
  });
  app.get('/v1/members', async (req) => identity.listMembers(await auth(req)));
  app.patch<{ Params: { id: string } }>('/v1/members/:id', async (req) => identity.setRole(await auth(req), req.params.id, req.body));
  app.delete<{ Params: { id: string } }>('/v1/members/:id', async (req, reply) => {
    await identity.removeMember(await auth(req), req.params.id);
    void reply.status(204);
  });

  // One-click unsubscribe posts a form (RFC 8058); its body is not needed, only accepted.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  registerPublicEmailRoutes(app, { tracking: deps.store.tracking, log: core.deps.log, now: core.now });
  registerTrackingMemberRoutes(app, { identity, tracking: deps.store.tracking, publicUrl: deps.publicUrl });
  registerCompactionRoutes(app, { identity, epochs: deps.store.epochs, compaction: core.compaction });

  void app.register(websocket, { options: { maxPayload: SOCKET_MAX_PAYLOAD } });
  void app.register(async (scope) => {
    scope.get('/v1/sync', { websocket: true }, (socket, req) => {
      const conn = core.handleConnection(
        {
          send: (bytes) => socket.send(bytes),
          close: (code, reason) => socket.close(code, reason),
        },
        req.ip,
      );
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return core.refuse(conn.session, 'malformed_frame', 'frames are binary');
        conn.receive(new Uint8Array(data.buffer, data.byteOffset, data.length));
      });
      socket.on('close', () => conn.closed());
      socket.on('error', () => conn.closed());
    });
  });
  return app;
}

function toAppError(err: unknown): AppError {
  const e = err as { statusCode?: number; code?: string };
  if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', 'request body too large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type', 'send application/json');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('validation_failed', 'request body is not valid JSON');
  return new AppError('internal', 'the relay failed to handle the request');
}
