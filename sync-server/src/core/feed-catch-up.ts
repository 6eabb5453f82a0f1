import type { RelayCore } from './relay-core';

/**
 * Fills a team feed's gaps from the store: commits made through other relay instances on the
 * same PostgreSQL (heard as a `(team, seq)` notification, or found by the poll), and local
 * commits that finished out of order. One read per team at a time, by seq after the feed's
 * head, for every connection of the team: a lost or late notification costs nothing, the next
 * one, the catch-up after LISTEN is re-established, or the slow poll reads the same rows.
 */
export class FeedCatchUp {
  private readonly reading = new Set<string>();

  constructor(private readonly core: RelayCore) {}

  /** A commit notification (possibly this instance's own, already in its feed: then nothing). */
  heard(teamId: string, seq: number): void {
    const feed = this.core.openFeed(teamId);
    // No connection of the team ever came here: its feed starts from the store's head when one does.
    if (!feed || seq <= feed.head) return;
    feed.expect(seq);
    this.fill(teamId);
  }

  /** Reads what the team's feed is missing, unless a read is already running (it loops until none is). */
  fill(teamId: string): void {
    if (this.reading.has(teamId)) return;
    this.reading.add(teamId);
    void this.read(teamId).finally(() => this.reading.delete(teamId));
  }

  /** Reads every open team's head: after the listener reconnected, and as a slow safety net. */
  async pollAll(): Promise<void> {
    const { store, log } = this.core.deps;
    for (const teamId of this.core.openTeams()) {
      try {
        this.heard(teamId, await store.updates.headSeq(teamId));
      } catch (err) {
        log('warn', 'reading a team head failed', { team: teamId, error: err instanceof Error ? err.message : String(err) });
        return; // the store is away; the next poll tries again
      }
    }
  }

  private async read(teamId: string): Promise<void> {
    const { store, log } = this.core.deps;
    try {
      for (let feed = this.core.openFeed(teamId); feed?.needsRead(); feed = this.core.openFeed(teamId)) {
        const rows = await store.updates.since(teamId, feed.head, 1000);
        if (rows.length === 0) break;
        // Everything after the head: into the feed, then every live connection of the team pumps.
        this.core.deliver(teamId, feed, rows, true);
      }
    } catch (err) {
      // The feed still needs the read: the next notification, commit or poll retries.
      log('warn', 'reading missed commits failed', { team: teamId, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
