import { AppError } from '../../../src/shared/errors';
import type { CompactionStats, TeamEpoch } from '../store/epoch-store';
import type { RelayCore } from './relay-core';

/** Records per page of a log rewrite; each record is its own transaction, pages yield between them. */
const RECORDS_PER_PAGE = 200;
const BUSY_RETRY_MS = 200;

/**
 * The team-wide step to schema-3 documents, relay side (README, "The record document"): an
 * admin starts it, the team moves to epoch E+1 at once (pushes and pulls against E are refused
 * with `rebootstrap` from then on), the relay rewrites each record's log with the shared
 * `rewriteAsSchema3`, then tells every device the epoch is ready: each re-bootstraps.
 * A relay stopped mid-rewrite resumes it at start (a record already rewritten is schema 3 and
 * passes through unchanged).
 */
export class TeamCompaction {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly core: RelayCore) {}

  async start(teamId: string): Promise<TeamEpoch> {
    const { store, log } = this.core.deps;
    const started = await store.epochs.begin(teamId, this.core.now().toISOString());
    if (!started) throw new AppError('conflict', 'a compaction of this team is running');
    log('info', 'team compaction started', { team: teamId, epoch: started.epoch });
    this.core.epochChanged(teamId, started);
    this.run(teamId, started.epoch, started.stats);
    return started;
  }

  /** Picks up the rewrites a stopped relay left unfinished. */
  async resume(): Promise<void> {
    for (const t of await this.core.deps.store.epochs.unfinished()) this.run(t.team_id, t.epoch, t.stats);
  }

  /** Resolves when no rewrite runs on this instance (tests, graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private run(teamId: string, epoch: number, stats: CompactionStats): void {
    if (this.running.has(teamId)) return;
    const job = this.rewrite(teamId, epoch, stats)
      .catch((err: unknown) => {
        // Left `compacting`: the next start of the relay resumes it; devices keep waiting.
        this.core.deps.log('error', 'team compaction failed', { team: teamId, error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => this.running.delete(teamId));
    this.running.set(teamId, job);
  }

  private async rewrite(teamId: string, epoch: number, stats: CompactionStats): Promise<void> {
    const { store, log } = this.core.deps;
    const totals = { records: 0, rewritten: 0, kept: 0, unchanged: 0, bytes_before: 0, bytes_after: 0 };
    let after: string | null = '';
    while (after !== null && !this.core.draining) {
      const page = await store.epochs.rewritePage(teamId, epoch, after, RECORDS_PER_PAGE);
      if (!page) {
        // The history compactor runs on some instance: this page waits for it.
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        continue;
      }
      totals.records += page.records;
      totals.rewritten += page.rewritten;
      totals.kept += page.kept;
      totals.unchanged += page.unchanged;
      totals.bytes_before += page.bytesBefore;
      totals.bytes_after += page.bytesAfter;
      after = page.after;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (after !== null) return;
    const done: CompactionStats = { ...stats, ...totals, finished_at: this.core.now().toISOString() };
    await store.epochs.finish(teamId, epoch, done);
    log('info', 'team compaction finished', { team: teamId, epoch, ...totals });
    this.core.epochChanged(teamId, { epoch, state: 'ready', stats: done });
  }
}
