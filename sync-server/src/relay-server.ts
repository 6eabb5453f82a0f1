import type { AddressInfo } from 'node:net';
import { startCompactor, type CompactorOptions } from './core/compactor';
import { RelayCore } from './core/relay-core';
import { jsonLineLogger, type RelayLogger } from './core/relay-logger';
import { createAccessTokens, newSecret } from './identity/access-tokens';
import { createIdentityService } from './identity/identity-service';
import { buildRelayApp } from './listener/http-app';
import { openPgliteRelayStore, type RelayStore } from './store/relay-store';

export interface RelayOptions {
  dataDir?: string;
  databaseUrl?: string;
  port: number;
  host?: string;
  log?: RelayLogger;
  compactor?: CompactorOptions;
  now?: () => Date;
  /** Password checks per minute per address (default 10, bursts of twice that). */
  authPerMinute?: number;
}

export interface RunningRelay {
  url: string;
  port: number;
  core: RelayCore;
  store: RelayStore;
  compactNow(): Promise<number>;
  /** Graceful: stops accepting, drains queued frames (acks go out), closes sockets and the store. */
  stop(): Promise<void>;
}

async function openStore(opts: RelayOptions): Promise<RelayStore> {
  if (opts.databaseUrl) {
    const { openPostgresRelayStore } = await import('./store/postgres-driver');
    return openPostgresRelayStore(opts.databaseUrl);
  }
  if (!opts.dataDir) throw new Error('a data directory or a database URL is required');
  return openPgliteRelayStore(opts.dataDir);
}

/** Composition root of the relay: store, identity, core, compactor, listener. */
export async function startRelay(opts: RelayOptions): Promise<RunningRelay> {
  const log = opts.log ?? jsonLineLogger();
  const now = opts.now ?? (() => new Date());
  const store = await openStore(opts);
  const secret = await store.identity.putSettingIfAbsent('access_token_key', newSecret());
  const tokens = createAccessTokens(new TextEncoder().encode(secret));
  const core = new RelayCore({ store, tokens, log, now });
  const identity = createIdentityService({
    store: store.identity, tokens, now, onMemberRemoved: (team, account) => core.memberRemoved(team, account),
    onRoleChanged: (team, account, role) => core.roleChanged(team, account, role),
  });
  const compactor = startCompactor(store.updates, log, opts.compactor);
  const app = buildRelayApp({ core, identity, store, authPerMinute: opts.authPerMinute });
  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`, port, core, store,
    compactNow: () => compactor.run(),
    stop() {
      stopping ??= (async () => {
        await core.drain();
        await compactor.stop();
        await app.close();
        await store.close();
      })();
      return stopping;
    },
  };
}
