import type { Db } from '../../db/open-database';
import { emailHash } from '../../../shared/email/tracking-signatures';
import { RelayHttp, type RelaySuppression } from './relay-http';
import type { SyncEngine } from './sync-engine';

/** Where the relay's email events go: the campaigns engine (kept as an interface so sync does not import it). */
export interface TrackingSink {
  recordTrackingEvents(events: unknown): unknown;
  applyRelaySuppressions(items: RelaySuppression[]): number;
  useTeamTracking(team: TeamTracking | null): void;
  teamTracking(): TeamTracking | null;
}

export interface TeamTracking {
  key: string;
  tracking_base_url: string;
}

const EVENTS_CURSOR = 'sync.tracking.events_since';
const SUPPRESSIONS_CURSOR = 'sync.tracking.suppressions_since';
const CHECK_CHUNK = 1000;

/**
 * The email side of the team connection. While the install is connected it reads, on connect
 * and every `intervalMs`, the opens, clicks and unsubscribes the relay's public endpoints saw
 * and the team's suppression list, hands them to the campaigns engine and keeps its cursors in
 * settings (`sync.*`, forgotten with the team). It also gives the campaigns engine the team's
 * tracking key and base URL, and answers the check a sending install makes before each batch.
 */
export class RelayTracking {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private readonly sql;
  private readonly unsubscribe: () => void;
  lastError: string | null = null;
  /** After close() the store is about to close: a round in flight writes nothing more (stoppedSince). */
  private closed = false;

  /** `sink` is read when used: the campaigns engine is built after the sync client. */
  constructor(private readonly deps: { db: Db; sync: SyncEngine; sink: () => TrackingSink; intervalMs?: number }) {
    this.sql = {
      get: deps.db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      put: deps.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    this.unsubscribe = deps.sync.events.on('sync.status', (status) => {
      if (status.state === 'connected') this.startPolling();
      else this.stopPolling();
      if (status.state === 'disabled') deps.sink().useTeamTracking(null);
    });
  }

  private startPolling(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.deps.intervalMs ?? 30_000);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: key, events, suppressions. Concurrent calls share the round in progress. */
  poll(): Promise<void> {
    this.polling ??= this.round().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  /** From now on, whether the store closed or the team was left (or another joined): then a round writes nothing more. */
  private stoppedSince(): () => boolean {
    const connection = this.deps.sync.connectionId;
    return () => this.closed || this.deps.sync.connectionId !== connection;
  }

  private async round(): Promise<void> {
    const config = this.deps.sync.config();
    const stopped = this.stoppedSince();
    if (!config || stopped()) return;
    try {
      const http = new RelayHttp(config.relay_url);
      await this.teamKey(http, stopped);
      for (let more = true; more;) {
        const page = await http.trackingEvents(await this.deps.sync.accessToken(), this.cursor(EVENTS_CURSOR));
        if (stopped()) return;
        if (page.events.length > 0)
          this.deps
            .sink()
            .recordTrackingEvents(page.events.map(({ token, event, at, url, machine }) => ({ token, event, at, machine, ...(url ? { url } : {}) })));
        this.sql.put.run(EVENTS_CURSOR, String(page.cursor));
        more = page.has_more;
      }
      for (let more = true; more;) {
        const page = await http.suppressions(await this.deps.sync.accessToken(), this.cursor(SUPPRESSIONS_CURSOR));
        if (stopped()) return;
        if (page.suppressions.length > 0) this.deps.sink().applyRelaySuppressions(page.suppressions);
        this.sql.put.run(SUPPRESSIONS_CURSOR, String(page.cursor));
        more = page.has_more;
      }
      this.lastError = null;
    } catch (error) {
      // Offline is normal: the next round (or the next connect) picks up from the cursors.
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * The relay's suppression list, for the campaigns engine before each batch. Not in a team:
   * nothing to check. In a team but the relay unreachable: throws, and the sender waits rather
   * than mail someone who may have unsubscribed while this install was offline.
   */
  async suppressed(emails: string[]): Promise<string[]> {
    const config = this.deps.sync.config();
    if (!config || emails.length === 0) return [];
    const http = new RelayHttp(config.relay_url);
    const { key } = await this.teamKey(http, this.stoppedSince());
    const byHash = new Map(emails.map((e) => [emailHash(key, e), e]));
    const hashes = [...byHash.keys()];
    const out: string[] = [];
    for (let i = 0; i < hashes.length; i += CHECK_CHUNK) {
      const { suppressed } = await http.checkSuppressions(await this.deps.sync.accessToken(), hashes.slice(i, i + CHECK_CHUNK));
      for (const h of suppressed) if (byHash.has(h)) out.push(byHash.get(h)!);
    }
    return out;
  }

  /** The team's key, read from the relay once per install (the relay never changes it). */
  private async teamKey(http: RelayHttp, stopped: () => boolean): Promise<TeamTracking> {
    const known = this.deps.sink().teamTracking();
    if (known) return known;
    const team = await http.trackingKey(await this.deps.sync.accessToken());
    if (!stopped()) this.deps.sink().useTeamTracking(team);
    return team;
  }

  private cursor(key: string): number {
    return Number(this.sql.get.get(key) ?? 0);
  }

  close(): void {
    this.closed = true;
    this.stopPolling();
    this.unsubscribe();
  }
}
