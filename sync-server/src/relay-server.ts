import type { AddressInfo } from 'node:net';
import { startCompactor, type CompactorOptions } from './core/compactor';
import { RelayCore } from './core/relay-core';
import { jsonLineLogger, type RelayLogger } from './core/relay-logger';
import { createAccessTokens, newSecret } from './identity/access-tokens';
import { createIdentityService } from './identity/identity-service';
import { buildRelayApp } from './listener/http-app';
import { startCommitListener, type CommitListener } from './store/commit-listener';
import { openPgliteRelayStore, type RelayStore } from './store/relay-store';

export interface RelayOptions {
  dataDir?: string;
  databaseUrl?: string;
  port: number;
  host?: string;
  /** The base URL recipients' mail clients reach (behind a proxy: its https URL); default the listening URL. */
  publicUrl?: string;
  log?: RelayLogger;
  compactor?: CompactorOptions;
  now?: () => Date;
  /** Password checks per minute per address (default 10, bursts of twice that). */
  authPerMinute?: number;
  /** PostgreSQL: how often every open team's head is read besides LISTEN (default 2 s). */
  pollMs?: number;
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

async function openStore(opts: RelayOptions, log: RelayLogger): Promise<RelayStore> {
  if (opts.databaseUrl) {
    const { openPostgresRelayStore } = await import('./store/postgres-driver');
    // A pooled connection dropped while idle (a PostgreSQL restart) is replaced on next use.
    return openPostgresRelayStore(opts.databaseUrl, (err) => log('warn', 'database connection dropped', { error: err.message }));
  }
  if (!opts.dataDir) throw new Error('a data directory or a database URL is required');
  return openPgliteRelayStore(opts.dataDir);
}

/** How long the relay keeps the histories of the epoch before a compaction for a device that has not come back. */
export const PREVIOUS_HISTORY_DAYS = 30;

/**
 * Previous histories (a team compaction's, for re-authoring) go once every device holds the
 * new epoch (epoch_confirm), or after 30 days for a device that never came back: it then
 * re-authors its unsent edits by the approximation (README, "The record document").
 */
function startPreviousHistorySweep(store: RelayStore, log: RelayLogger): NodeJS.Timeout {
  const sweep = () =>
    store.epochs
      .dropOldPrevious(PREVIOUS_HISTORY_DAYS * 86_400_000)
      .then((n) => n > 0 && log('info', 'previous histories dropped after the grace period', { records: n }))
      .catch((err: unknown) => log('error', 'dropping previous histories failed', { error: err instanceof Error ? err.message : String(err) }));
  void sweep();
  const timer = setInterval(() => void sweep(), 6 * 3_600_000);
  timer.unref();
  return timer;
}

/** Composition root of the relay: store, identity, core, compactor, listener. */
export async function startRelay(opts: RelayOptions): Promise<RunningRelay> {
  const log = opts.log ?? jsonLineLogger();
  const now = opts.now ?? (() => new Date());
  const store = await openStore(opts, log);
  const secret = await store.identity.putSettingIfAbsent('access_token_key', newSecret());
  const tokens = createAccessTokens(new TextEncoder().encode(secret));
  const core = new RelayCore({ store, tokens, log, now });
  const identity = createIdentityService({
    store: store.identity,
    tokens,
    now,
    onMemberRemoved: (team, account) => core.memberRemoved(team, account),
    onRoleChanged: (team, account, role) => core.roleChanged(team, account, role),
  });
  const compactor = startCompactor(store.updates, log, opts.compactor);
  const fanOut = opts.databaseUrl ? await listenToOtherInstances(opts.databaseUrl, core, log, opts.pollMs ?? 2_000) : null;
  let url = '';
  const app = buildRelayApp({
    core,
    identity,
    store,
    authPerMinute: opts.authPerMinute,
    publicUrl: () => (opts.publicUrl ?? url).replace(/\/+$/, ''),
    health: () => (fanOut && !fanOut.listener.listening() ? 'degraded' : 'ok'),
  });
  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  // A team compaction a stopped relay left half done goes on (its devices wait for `ready`).
  await core.compaction.resume();
  const previousSweep = startPreviousHistorySweep(store, log);
  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    core,
    store,
    compactNow: () => compactor.run(),
    stop() {
      stopping ??= (async () => {
        await core.drain();
        await core.compaction.idle();
        await fanOut?.stop();
        await compactor.stop();
        clearInterval(previousSweep);
        await app.close();
        await store.close();
      })();
      return stopping;
    },
  };
}

/**
 * Several instances on one PostgreSQL: LISTEN for every instance's commits (the store's appends
 * NOTIFY `(team, seq)`), read missed rows by seq, and poll the open teams' heads as a safety net.
 */
async function listenToOtherInstances(url: string, core: RelayCore, log: RelayLogger, pollMs: number) {
  const { COMMIT_CHANNEL } = await import('./store/postgres-driver');
  const remote = core.catchUp;
  const listener: CommitListener = startCommitListener({
    url,
    channel: COMMIT_CHANNEL,
    log,
    onCommit: (team, seq) => remote.heard(team, seq),
    // Whatever was committed while LISTEN was not in place is read now.
    onListening: () => void remote.pollAll(),
    onLost: () => {},
  });
  const poll = setInterval(() => {
    void remote.pollAll();
    void core
      .refreshEpochs()
      .catch((err: unknown) => log('warn', 'reading compaction epochs failed', { error: err instanceof Error ? err.message : String(err) }));
  }, pollMs);
  poll.unref();
  return {
    listener,
    async stop() {
      clearInterval(poll);
      await listener.close();
    },
  };
}
