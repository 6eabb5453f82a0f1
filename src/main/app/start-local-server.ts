import type { SecretStore } from '../engines/sync';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../api/create-app';
import { createEngine, type Engine } from './create-engine';
import { bootstrapAdmin } from './bootstrap-admin';
import type { Clock } from '../core/clock';

export interface LocalServerOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  rendererDir?: string;
  clock?: Clock;
  /** Creates this admin on first start with an empty store (CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD). */
  admin?: { email: string; password: string; username?: string };
  /** How often open sockets re-check their token (default 60 s; tests shorten it). */
  sessionRecheckMs?: number;
  /** Reconnect delays of the team sync client (tests shorten them). */
  syncBackoff?: { minMs: number; maxMs: number };
  /** Where secrets are kept; the desktop app passes the OS keychain (default: the store's local settings). */
  secrets?: SecretStore;
  /** Wait before the background rewrite of schema-2 record documents starts (default 5 s; tests lengthen it). */
  docRewriteDelayMs?: number;
}

export interface LocalServer {
  url: string;
  port: number;
  engine: Engine;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Starts the engine and the local API on 127.0.0.1: the same in Electron and headless. */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const engine = createEngine({
    dataDir: opts.dataDir,
    clock: opts.clock,
    sessionRecheckMs: opts.sessionRecheckMs,
    syncBackoff: opts.syncBackoff,
    secrets: opts.secrets,
    docRewriteDelayMs: opts.docRewriteDelayMs,
  });
  try {
    if (opts.admin) await bootstrapAdmin(engine, opts.admin);
    const app = createApp({
      operations: engine.operations,
      handlers: engine.handlers,
      authenticate: (bearer) => engine.auth.authenticate(bearer),
      rendererDir: opts.rendererDir,
      customFieldSchema: engine.customFields.openApiSchema,
      sockets: engine.sockets,
      docSockets: engine.docSockets,
      hiddenFields: engine.customFields.engine.hiddenNames,
    });
    await app.listen({ host: '127.0.0.1', port: opts.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    let closing: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      engine,
      app,
      // In-flight requests finish before the store closes, so an acknowledged write is on disk.
      close: () =>
        (closing ??= (async () => {
          await app.close();
          engine.close();
        })()),
    };
  } catch (error) {
    engine.close();
    throw error;
  }
}
