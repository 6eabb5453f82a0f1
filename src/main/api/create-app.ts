import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { AppError } from '../../shared/errors';
import type { Operation } from '../../shared/contract/operation';
import { RawResponse, type Caller, type HandlerMap } from '../core/handler';
import type { QueryParams } from '../engines/query';
import { LocalOriginPolicy, securityHeaders } from './local-origin-policy';
import { sendError, toAppError } from './error-replies';
import { authorize, type Authenticate } from './authorize';
import { registerDocs } from './docs-routes';
import type { CustomFieldSchema } from './openapi-document';
import { registerWebSocketRoutes } from './websocket-routes';
import { registerDocSocketRoutes, type DocSocketHandler } from './doc-socket-routes';
import { assertSafeQuery, parseJsonBody } from './input-shape';
import { redactHiddenFields, redactHiddenFieldsInJson, type HiddenFieldNames } from '../core/hidden-fields';
import type { SocketHandlers } from '../core/socket-handler';
import { compileOperationValidator } from './request-validator';
import { objectOr } from '../core/json-object';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A request (headers and body) must arrive within this time; a stalled body held a connection
 * for 360 s+ before. Imports (50 MiB over loopback) take well under a second.
 */
export const REQUEST_TIMEOUT_MS = 30_000;
/** An idle keep-alive connection is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();
/** `If-Match: "123"` (or W/"123", or bare) -> `123`; absent -> undefined. */
function ifMatchVersion(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

export interface AppOptions {
  operations: readonly Operation[];
  handlers: HandlerMap;
  authenticate: Authenticate;
  /** Built renderer to serve at `/`, when present. */
  rendererDir?: string;
  /** Reports unexpected errors (never request bodies or headers: they may hold secrets). */
  onInternalError?: (error: unknown, context: string) => void;
  /** Schema of the custom fields defined per resource, for the OpenAPI document. */
  customFieldSchema?: CustomFieldSchema;
  /** WebSocket channels by path (`/ws/notifications/`, `/ws/activity/`), served by the engine. */
  sockets?: SocketHandlers;
  /** Custom fields hidden from a role: taken out of every answer (errors included) to that role. */
  hiddenFields?: HiddenFieldNames;
  /** `/ws/docs/{entity}/{id}/`: presence and co-edited notes (needs `sockets`, which registers the WebSocket plugin). */
  docSockets?: DocSocketHandler;
}

/**
 * The HTTP transport: routes derived from the operation table, one error shape, the local
 * API rules of DESIGN.md section 5. It builds an app and does not listen; callers do.
 */
export function createApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
  });
  // The port is read once the server listens: asking the socket (getsockname) on every request was 1% of a write's CPU.
  let port = 0;
  const policy = new LocalOriginPolicy(() => {
    if (port !== 0) return port;
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    return port;
  });
  const reportInternal = options.onInternalError ?? ((e, where) => console.error(`[api] internal error in ${where}:`, e instanceof Error ? e.stack : e));

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJsonBody(text, JSON.parse));
    } catch (e) {
      done(e as AppError, undefined);
    }
  });

  // Callback hooks, not async ones: every request passes all three, and an async hook costs a
  // promise and a turn of the microtask queue each. A throw in a hook is an error reply as before.
  app.addHook('onRequest', (request, _reply, done) => {
    policy.check(request.headers.host, request.headers.origin);
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    assertSafeQuery(request.query);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    securityHeaders(request, reply);
    done(null, payload);
  });

  // Who asked, for redacting error answers too (a refused revert named the hidden field).
  const callers = new WeakMap<FastifyRequest, Caller>();
  const hiddenFor = (caller: Caller | null | undefined): ReadonlySet<string> =>
    caller && options.hiddenFields ? options.hiddenFields(caller.role) : NOTHING_HIDDEN;

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES);
    if (appError.code === 'internal') reportInternal(error, `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`);
    // A field the caller named themselves is echoed back (its error says it is unknown to them).
    const named = `${request.url} ${request.body === undefined ? '' : JSON.stringify(request.body)}`;
    const hidden = new Set([...hiddenFor(callers.get(request))].filter((name) => !new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`).test(named)));
    if (hidden.size === 0) return sendError(reply, appError);
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    return reply.status(appError.status).type('application/json').send(redactHiddenFields(appError.toBody(), hidden));
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new AppError('not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`)));

  for (const op of options.operations) {
    const handler = options.handlers[op.id];
    if (!handler) throw new Error(`No handler for operation ${op.id}`);
    const validate = compileOperationValidator(op);
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const caller: Caller | null = op.access === 'public' ? null : await authorize(op, request.headers.authorization, options.authenticate);
        if (caller) callers.set(request, caller);
        // After authorization: a caller who may not use the operation learns nothing of its shape.
        validate.query(objectOr(request.query));
        validate.body(request.body);
        const hidden = hiddenFor(caller);
        const result = await handler({
          params: request.params as Record<string, string>,
          query: request.query as QueryParams,
          body: request.body,
          caller,
          origin: policy.isOwnPage(request.headers.origin) ? 'ui' : 'api',
          clientKey: request.ip,
          baseUrl: `http://${request.headers.host}`,
          path: request.url.split('?')[0],
          ifMatch: ifMatchVersion(request.headers['if-match']),
        });
        if (result instanceof RawResponse) {
          const body = hidden.size && result.contentType.startsWith('application/json') ? redactHiddenFieldsInJson(String(result.body), hidden) : result.body;
          return reply
            .status(result.status ?? op.status ?? 200)
            .headers(result.headers)
            .type(result.contentType)
            .send(body);
        }
        const status = op.status ?? 200;
        if (status === 204) return reply.status(204).send();
        return reply.status(status).send(hidden.size ? redactHiddenFields(result, hidden) : result);
      },
    });
  }

  registerDocs(app, options.operations, undefined, options.customFieldSchema);
  if (options.sockets) registerWebSocketRoutes(app, options.sockets);
  if (options.sockets && options.docSockets) registerDocSocketRoutes(app, options.docSockets);

  if (options.rendererDir && existsSync(options.rendererDir)) {
    app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'], wildcard: false });
  } else {
    app.get('/', (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>FieldCRM</title><p>The app UI is not built. Run <code>npm run build</code>, then reload. The API is at <a href="/api/docs">/api/docs</a>.</p>',
        ),
    );
  }
  return app;
}
