import type { RelayCore } from './relay-core';

/**
 * Brings this instance's team feeds up to commits made through other relay instances on the
 * same PostgreSQL. A notification carries only `(team, seq)`; the rows are read from the store
 * by seq, after the feed's head, so a lost or late notification costs nothing: the next one, the
 * catch-up after LISTEN is re-established, or the slow poll reads the same rows.
 */
export class RemoteCommits {
  /** Per team, the highest seq heard of and not yet read. */
  private readonly targets = new Map<string, number>();
  private readonly reading = new Set<string>();

  constructor(private readonly core: RelayCore) {}

  /** A commit notification (possibly this instance's own, already in its feed: then nothing). */
  heard(teamId: string, seq: number): void {
    const feed = this.core.openFeed(teamId);
    // No connection of the team ever came here: its feed starts from the store's head when one does.
    if (!feed || seq <= feed.head) return;
    this.targets.set(teamId, Math.max(seq, this.targets.get(teamId) ?? 0));
    if (this.reading.has(teamId)) return; // the running read loops until it reaches the target
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
      for (;;) {
        const feed = this.core.openFeed(teamId);
        const target = this.targets.get(teamId) ?? 0;
        if (!feed || feed.head >= target) break;
        const rows = await store.updates.since(teamId, feed.head, 1000);
        if (rows.length === 0) break;
        // The same path as a local commit: into the feed, then every live connection pumps.
        await this.core.committed(teamId, rows);
      }
      this.targets.delete(teamId);
    } catch (err) {
      // Kept as a target: the next notification or poll retries.
      log('warn', 'reading remote commits failed', { team: teamId, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
