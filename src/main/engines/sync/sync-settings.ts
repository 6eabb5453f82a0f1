import type { Db } from '../../db/open-database';
import type { BootstrapCursor } from '../../../shared/sync/sync-protocol';

/**
 * Where secrets of the team connection are kept. The headless entry keeps them in this
 * install's store (a local table, never synced); the desktop app passes one that wraps them
 * with the OS keychain (safeStorage).
 */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** This install's team connection, persisted in the local `settings` table (never synced). */
export interface TeamConfig {
  relay_url: string;
  team_id: string;
  team_name: string;
  account_id: string;
  device_id: string;
  role: string;
}

const KEYS = {
  config: 'sync.config',
  lastSeq: 'sync.last_seq',
  bootstrap: 'sync.bootstrap',
  relayUrls: 'sync.relay_urls',
  removed: 'sync.removed',
} as const;

export class SyncSettings {
  private readonly get;
  private readonly put;
  private readonly remove;
  private readonly markConnected;

  constructor(db: Db) {
    this.get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare("DELETE FROM settings WHERE key LIKE 'sync.%'");
    // Outlives leaving the team (not a `sync.` key): this store's record histories may be on a relay.
    this.markConnected = db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('team.connected_at', ?)");
  }

  private json<T>(key: string): T | null {
    const raw = this.get.get(key) as string | undefined;
    return raw ? (JSON.parse(raw) as T) : null;
  }

  config(): TeamConfig | null {
    return this.json<TeamConfig>(KEYS.config);
  }

  saveConfig(config: TeamConfig): void {
    this.markConnected.run(new Date().toISOString());
    this.put.run(KEYS.config, JSON.stringify(config));
  }

  /** Instances of the team's relay to fail over between, or null: only `config().relay_url`. */
  relayUrls(): string[] | null {
    return this.json<string[]>(KEYS.relayUrls);
  }

  saveRelayUrls(urls: string[]): void {
    this.put.run(KEYS.relayUrls, JSON.stringify(urls));
  }

  /** The last team sequence number applied here: catch-up resumes after it. */
  lastSeq(): number {
    return Number(this.get.get(KEYS.lastSeq) ?? 0);
  }

  saveLastSeq(seq: number): void {
    this.put.run(KEYS.lastSeq, String(seq));
  }

  /** A bootstrap in progress (resumed where it stopped), `done`, or null before the first page. */
  bootstrap(): { cursor: BootstrapCursor | null; done: boolean; applied: number; total: number } | null {
    return this.json(KEYS.bootstrap);
  }

  saveBootstrap(state: { cursor: BootstrapCursor | null; done: boolean; applied: number; total: number }): void {
    this.put.run(KEYS.bootstrap, JSON.stringify(state));
  }

  /** When the relay said this install's member was removed from the team (kept across restarts), or null. */
  removedAt(): string | null {
    return (this.get.get(KEYS.removed) as string | undefined) ?? null;
  }

  saveRemoved(at: string): void {
    this.put.run(KEYS.removed, at);
  }

  /** Leaving the team: the data stays, the connection and cursors go. */
  forget(): void {
    this.remove.run();
  }
}

/** Secrets in the local settings table, for the headless entry and tests. */
export function settingsSecretStore(db: Db): SecretStore {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get: (key) => (get.get(`secret.${key}`) as string | undefined) ?? null,
    set: (key, value) => void put.run(`secret.${key}`, value),
    delete: (key) => void del.run(`secret.${key}`),
  };
}
