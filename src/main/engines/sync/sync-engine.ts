import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import { AppError } from '../../../shared/errors';
import type { SyncStatusView } from '../../../shared/contract/realtime-messages';
import type { RecordsEngine } from '../records';
import { RelayHttp, type RelayMember, type RelayTokens } from './relay-http';
import { backoffDelay, failoverRound, nextRelayUrl } from './relay-failover';
import { SyncSession } from './sync-session';
import { SyncSettings, type SecretStore, type TeamConfig } from './sync-settings';
import { wipeTeamData, type WipeResult } from './local-wipe';
import { EpochRebootstrap } from './epoch-rebootstrap';

/** The shape of GET /api/v1/sync/status/ and of the `sync_status` activity message. */
export type SyncStatus = SyncStatusView;
export type SyncState = SyncStatusView['state'];

export interface SyncEvents extends Record<string, unknown> {
  'sync.status': SyncStatus;
  /** A co-editing frame from another device (see co-editing engine). */
  'doc.frame': Uint8Array;
  /** The session reached the team's head: co-editing rooms announce themselves again. */
  'sync.live': undefined;
  /** The team's data was deleted from this install: engines holding copies in memory reload. */
  'sync.wiped': WipeResult;
}

export interface SyncEngineDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  secrets: SecretStore;
  /** Reconnect delays: the first, and the most (default 500 ms and 30 s), with jitter. */
  backoff?: { minMs: number; maxMs: number };
}

const REFRESH_SECRET = 'sync.refresh_token';
/** Close codes after which retrying cannot help: the relay refused who we are. */
const FINAL_CLOSES: Record<number, string> = {
  4001: "The team relay no longer accepts this install's sign-in; connect to the team again.",
  4004: 'This app is too old or too new for the team relay; update it.',
};
/** The relay closes a removed member's sockets (and refuses their hello) with this code. */
const REMOVED_CLOSE = 4003;
const REMOVED_MESSAGE =
  "This account was removed from the team: nothing more is synced. The team's records stay on this computer until you wipe them (POST /api/v1/sync/wipe/).";

/**
 * The engine's sync client: keeps this install connected to its team's relay, reconnecting
 * with backoff and jitter (offline is a normal state), and reports its state. The sessions do
 * the protocol; this holds the connection's identity and secrets.
 */
export class SyncEngine {
  readonly events = new EventBus<SyncEvents>();
  readonly settings: SyncSettings;
  /** The team's compaction on this install: epoch held, re-bootstrap progress (GET /system/status/). */
  readonly epochs: EpochRebootstrap;
  private session: SyncSession | null = null;
  private running = false;
  private state: SyncState = 'disabled';
  private lastError: string | null = null;
  private bootstrapProgress: { done: number; total: number } | null = null;
  private access: { token: string; expiresAt: number } | null = null;
  private wake: (() => void) | null = null;
  /** Which connection loop is the current one (start and stop move it on). */
  private generation = 0;
  private pushScheduled = false;
  private refreshing: Promise<string> | null = null;
  /** Set when the relay list changed: the next reconnect goes to the chosen address, no failover. */
  private switching = false;
  /** Set by close(): the store is about to close, so nothing may touch it any more. */
  private closed = false;
  /**
   * Bumped when a team connection is saved or left. Work that awaited the relay (a token
   * refresh here, a tracking round) keeps nothing when it finishes under another one: what it
   * would write belongs to a team this install may have left.
   */
  private connection = 0;

  /** The team connection now in force (see `connection`); compare it before and after awaiting the relay. */
  get connectionId(): number {
    return this.connection;
  }
  private readonly unsubscribe: () => void;

  /** Sends a co-editing frame to the team's other devices; false when not connected (it is ephemeral). */
  sendDocFrame(bytes: Uint8Array): boolean {
    return this.session?.sendDocFrame(bytes) ?? false;
  }

  constructor(private readonly deps: SyncEngineDeps) {
    this.settings = new SyncSettings(deps.db);
    this.epochs = new EpochRebootstrap(deps.db, deps.records);
    this.epochs.fetcher = async (ids) => new RelayHttp(this.requireConfig().relay_url).previousLogs(await this.accessToken(), ids);
    const offChange = deps.records.events.on('record.changed', (change) => this.schedulePush(change.origin));
    // A bulk batch (an import) is announced once, not per record.
    const offBatch = deps.records.events.on('records.arrived', (batch) => this.schedulePush(batch.origin));
    this.unsubscribe = () => {
      offChange();
      offBatch();
    };
  }

  private schedulePush(origin: string): void {
    if (origin === 'remote' || this.pushScheduled) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      this.session?.push();
      // The pending count moved: say so (once per turn, however many records changed).
      if (!this.closed && this.settings.config()) this.events.emit('sync.status', this.status());
    });
  }

  config(): TeamConfig | null {
    return this.settings.config();
  }

  status(): SyncStatus {
    const config = this.settings.config();
    return {
      state: config ? (this.settings.removedAt() ? 'removed' : this.state) : 'disabled',
      pending: config ? this.deps.records.outbox.pendingCount() : 0,
      last_seq: this.settings.lastSeq(),
      bootstrap: this.bootstrapProgress,
      last_error: this.lastError,
      team: config ? { id: config.team_id, name: config.team_name, role: config.role, relay_url: config.relay_url, account_id: config.account_id } : null,
    };
  }

  /** Starts the connection loop if this install belongs to a team. */
  start(): void {
    if (this.closed || this.running || !this.settings.config() || this.settings.removedAt()) return;
    this.running = true;
    void this.loop(++this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.session?.close();
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.stop();
    this.unsubscribe();
  }

  /** Saves a new team connection (after creating or joining) and connects. */
  connectWith(config: TeamConfig, tokens: RelayTokens): void {
    this.connection++;
    this.settings.saveConfig(config);
    this.deps.secrets.set(REFRESH_SECRET, tokens.refresh_token);
    this.access = { token: tokens.access_token, expiresAt: Date.now() + (tokens.expires_in - 60) * 1000 };
    this.lastError = null;
    // A join starts with a bootstrap: shown as started (0 of unknown) until its first page says how many.
    if (!this.settings.bootstrap()?.done) this.bootstrapProgress = { done: 0, total: 0 };
    this.start();
  }

  /** Leaves the team on this install: the data stays, the connection and its secrets go. */
  disconnect(): void {
    this.connection++;
    this.stop();
    this.settings.forget();
    this.deps.secrets.delete(REFRESH_SECRET);
    this.access = null;
    this.lastError = null;
    this.setState('disabled');
  }

  /** The relay instances this install fails over between, and the one in use. */
  relayUrls(): { relay_urls: string[]; current: string } {
    const config = this.requireConfig();
    return { relay_urls: this.settings.relayUrls() ?? [config.relay_url], current: config.relay_url };
  }

  /** Saves the list; if the address in use left it, reconnects to the first (resuming from the cursor). */
  setRelayUrls(urls: string[]): { relay_urls: string[]; current: string } {
    const config = this.requireConfig();
    this.settings.saveRelayUrls(urls);
    if (!urls.includes(config.relay_url)) {
      this.settings.saveConfig({ ...config, relay_url: urls[0] });
      if (this.session) {
        this.switching = true;
        this.session.close();
      }
      this.wake?.();
    }
    return this.relayUrls();
  }

  /** After a failed connect or a lost connection: the next instance of the list, if there is one. */
  private failover(): number {
    const config = this.settings.config();
    const urls = this.settings.relayUrls();
    if (this.switching || !config || !urls || urls.length < 2) {
      this.switching = false;
      return 1;
    }
    this.settings.saveConfig({ ...config, relay_url: nextRelayUrl(urls, config.relay_url) });
    return urls.length;
  }

  /** A valid access token for the relay's HTTP endpoints (refreshing the pair when needed). */
  accessToken(): Promise<string> {
    if (this.access && this.access.expiresAt > Date.now()) return Promise.resolve(this.access.token);
    // One refresh at a time: two callers refreshing with the same refresh token would look
    // like a stolen token to the relay, which then revokes the whole family.
    this.refreshing ??= this.refreshAccess().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshAccess(): Promise<string> {
    const config = this.settings.config();
    const refresh = this.deps.secrets.get(REFRESH_SECRET);
    if (!config || !refresh) throw new AppError('conflict', 'This install is not connected to a team.');
    const connection = this.connection;
    const tokens = await new RelayHttp(config.relay_url).refresh(refresh);
    // Left the team (or joined another) while the relay answered: its secrets are gone and stay gone.
    if (connection !== this.connection) throw new AppError('conflict', 'This install left the team.');
    // The relay rotated the pair and will take the old refresh token as stolen: keep the new one
    // even when closing, or the next start would present the old one and lose the session.
    try {
      this.deps.secrets.set(REFRESH_SECRET, tokens.refresh_token);
    } catch {
      // The store closed during the call; nothing more can be kept.
    }
    if (this.closed) throw new AppError('conflict', 'This install is closing.');
    this.access = { token: tokens.access_token, expiresAt: Date.now() + (tokens.expires_in - 60) * 1000 };
    if (tokens.role !== config.role) this.settings.saveConfig({ ...config, role: tokens.role });
    return tokens.access_token;
  }

  async members(): Promise<RelayMember[]> {
    const config = this.requireConfig();
    return (await new RelayHttp(config.relay_url).members(await this.accessToken())).members;
  }

  requireConfig(): TeamConfig {
    const config = this.settings.config();
    if (!config) throw new AppError('conflict', 'This install is not connected to a team.');
    return config;
  }

  private setState(state: SyncState, error?: string | null): void {
    if (this.closed) return;
    this.state = state;
    if (error !== undefined) this.lastError = error;
    this.events.emit('sync.status', this.status());
  }

  /**
   * One connection loop at a time: a stop() and start() in quick succession (a dropped
   * connection, a test) would otherwise leave the old loop running beside the new one once it
   * wakes up, and the two sockets of one device replace each other at the relay forever.
   */
  private async loop(generation: number): Promise<void> {
    let attempt = 0;
    const current = () => this.running && !this.closed && generation === this.generation;
    while (current()) {
      const config = this.settings.config();
      if (!config) break;
      this.setState('connecting');
      try {
        const token = await this.accessToken();
        if (!current()) break;
        await this.trustTeamRoles(config, token);
        if (!current()) break;
        this.access = null; // one socket per access token; the next attempt refreshes
        const session = new SyncSession(this.deps.records, this.settings, config, {
          connected: () => {
            attempt = 0;
            this.setState('connected', null);
            this.events.emit('sync.live', undefined);
          },
          docFrame: (bytes) => this.events.emit('doc.frame', bytes),
          bootstrap: (progress) => {
            this.bootstrapProgress = progress;
            this.events.emit('sync.status', this.status());
          },
          welcome: (role) => {
            if (role !== config.role) this.settings.saveConfig({ ...config, role });
          },
          problem: (message) => {
            this.lastError = message;
          },
          applied: () => this.events.emit('sync.status', this.status()),
          acknowledged: () => this.events.emit('sync.status', this.status()),
          unknownAuthor: () => void this.refreshRoles(config),
          epoch: () => this.events.emit('sync.status', this.status()),
        });
        session.epochs = this.epochs;
        this.session = session;
        const closed = await session.run(token);
        if (this.session === session) this.session = null;
        if (generation !== this.generation) break;
        if (closed.code === REMOVED_CLOSE) {
          this.markRemoved();
          break;
        }
        const final = FINAL_CLOSES[closed.code];
        if (final) {
          this.running = false;
          this.setState('error', final);
          break;
        }
        if (this.running)
          this.setState('offline', closed.code === 1000 ? null : `Relay connection closed (${closed.code}${closed.reason ? `: ${closed.reason}` : ''}).`);
      } catch (error) {
        if (generation !== this.generation) break;
        this.session = null;
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof AppError && error.code === 'forbidden' && /removed from this team/.test(error.message)) {
          this.markRemoved();
          break;
        }
        if (error instanceof AppError && error.code === 'unauthenticated') {
          this.running = false;
          this.setState('error', "The team relay refused this install's sign-in; connect to the team again.");
          break;
        }
        this.setState('offline', message);
      }
      if (!current()) break;
      attempt++;
      await this.sleep(backoffDelay(failoverRound(attempt, this.failover()), this.deps.backoff));
    }
  }

  /**
   * The team removed this member: syncing stops for good on this install (also after a
   * restart), its relay secrets go, and the status says `removed` until the data is wiped.
   */
  private markRemoved(): void {
    this.running = false;
    if (this.closed) return;
    this.settings.saveRemoved(this.deps.clock.now().toISOString());
    this.deps.secrets.delete(REFRESH_SECRET);
    this.access = null;
    this.setState('removed', REMOVED_MESSAGE);
  }

  /**
   * Deletes the team's data from this install (local-wipe.ts) and forgets the team. Refused
   * while this install is connected to a team: the next catch-up would bring it all back.
   */
  wipe(): WipeResult {
    if (this.settings.config() && !this.settings.removedAt()) {
      throw new AppError('conflict', 'This install is connected to a team: leave the team first (POST /api/v1/sync/disconnect/), then wipe.');
    }
    this.stop();
    const result = wipeTeamData(this.deps.db);
    this.deps.records.outbox.forgetCount();
    this.deps.secrets.delete(REFRESH_SECRET);
    this.access = null;
    this.lastError = null;
    this.bootstrapProgress = null;
    this.state = 'disabled';
    this.events.emit('sync.wiped', result);
    this.events.emit('sync.status', this.status());
    return result;
  }

  private async refreshRoles(config: TeamConfig): Promise<void> {
    try {
      await this.trustTeamRoles(config, await this.accessToken());
      if (!this.closed) this.deps.records.retryParked();
    } catch (error) {
      this.lastError = `Reading the team's members: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Roles come from the team's member list: what a peer's update may change is checked against them. */
  private async trustTeamRoles(config: TeamConfig, token: string): Promise<void> {
    const { team, members } = await new RelayHttp(config.relay_url).members(token);
    const roles = new Map(members.map((m) => [m.account_id, m.role]));
    this.deps.records.setTrustedRoles((userId) => roles.get(userId) ?? null);
    if (team.name !== config.team_name) this.settings.saveConfig({ ...config, team_name: team.name });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
