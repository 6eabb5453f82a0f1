import type { Clock } from '../../core/clock';
import { AppError } from '../../../shared/errors';
import type { CampaignsEngine } from './campaigns-engine';
import type { CampaignRow, CampaignsStore } from './campaigns-store';
import type { CampaignSender, PumpResult } from './campaign-sender';
import type { RecipientsStore } from './recipients-store';
import type { CampaignStatsReader } from './campaign-stats';
import { campaignVariants } from './campaign-messages';
import type { AbTest } from './campaign-input';
import type { SendRateLimit } from './send-rate-limit';

export interface SchedulerDeps {
  clock: Clock;
  store: CampaignsStore;
  recipients: RecipientsStore;
  engine: CampaignsEngine;
  sender: CampaignSender;
  stats: CampaignStatsReader;
  rateLimit: SendRateLimit;
}

/**
 * Time-driven campaign work, on this install: starts scheduled campaigns when their time
 * comes (once: a campaign whose time passed while the app was closed starts at the next
 * start, and its status moving to `sending` is what keeps it from starting twice), ends A/B
 * tests and queues the winner for the rest of the audience, marks drained campaigns sent,
 * and keeps the sender going, waking it when the rate limit frees a slot.
 */
export class CampaignScheduler {
  private timer: NodeJS.Timeout | null = null;
  private wake: NodeJS.Timeout | null = null;
  private stopped = false;
  private closed = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Claims a previous process left unconfirmed go back to the queue (see CampaignSender). */
  recover(): number {
    return this.deps.recipients.requeueUnconfirmed();
  }

  /** One pass; resolves when the sender has done what it can now. */
  async tick(): Promise<PumpResult> {
    const now = this.deps.clock.now().toISOString();
    for (const c of this.deps.store.withStatus('scheduled')) {
      if (c.scheduled_send && c.scheduled_send <= now) this.startScheduled(c);
    }
    for (const c of this.deps.store.withStatus('sending')) this.endTest(c, now);
    this.deps.rateLimit.prune(this.deps.clock.now());
    const result = await this.deps.sender.pump();
    // The store may have closed while the sender awaited the SMTP server.
    if (this.closed) return result;
    for (const c of this.deps.store.withStatus('sending')) this.drained(c.id);
    return result;
  }

  start(intervalMs: number): void {
    this.recover();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a tick now, and again when the sender asks to be woken (rate limit, connection retry). */
  kick(): void {
    if (this.stopped) return;
    this.tick().then(
      (r) => {
        if (r.retryInMs === null || this.stopped) return;
        if (this.wake) clearTimeout(this.wake);
        this.wake = setTimeout(() => this.kick(), Math.min(r.retryInMs, 60_000));
        this.wake.unref();
      },
      (error: unknown) => {
        // A tick cut short by shutdown (store closed mid-send) is not a failure: its claims are resumed at the next start.
        if (!this.closed) console.error('[campaigns] scheduler tick failed:', error instanceof Error ? error.message : error);
      },
    );
  }

  /** Before the store closes: nothing more is written, whatever is still awaiting SMTP. */
  close(): void {
    this.closed = true;
    this.stop();
  }

  /** No more timers or kicks; `tick()` still works (tests drive it by hand). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wake) clearTimeout(this.wake);
  }

  drained(id: string): void {
    const c = this.deps.store.get(id);
    if (!c || c.status !== 'sending' || this.deps.recipients.openCount(id) > 0) return;
    const s = this.deps.stats.stats(id);
    const now = this.deps.clock.now().toISOString();
    const failed = s.sent === 0 && s.failed > 0;
    this.deps.store.put({
      ...c,
      status: failed ? 'failed' : 'sent',
      failure: failed ? 'No message could be handed to the SMTP server.' : null,
      finished_at: now,
      updated_at: now,
    });
  }

  private startScheduled(c: CampaignRow): void {
    try {
      this.deps.engine.start(c);
    } catch (e) {
      const now = this.deps.clock.now().toISOString();
      const message = e instanceof AppError ? (Object.values(e.fields ?? {})[0]?.[0] ?? e.message) : 'Could not start.';
      this.deps.store.put({ ...c, status: 'failed', failure: message, updated_at: now, finished_at: now });
    }
  }

  /** The variant with the best unique click (or open) rate wins; ties go to the first. */
  private endTest(c: CampaignRow, now: string): void {
    if (!c.ab_test) return;
    const ab = JSON.parse(c.ab_test) as AbTest;
    if (ab.winner || !ab.test_ends_at || ab.test_ends_at > now) return;
    const byVariant = new Map(this.deps.stats.stats(c.id).variants.map((v) => [v.variant, v]));
    let winner = campaignVariants(c)[0].key;
    let best = -1;
    for (const v of campaignVariants(c)) {
      const s = byVariant.get(v.key);
      const rate = s ? (ab.winner_metric === 'opens' ? s.open_rate : s.click_rate) : 0;
      if (rate > best) [winner, best] = [v.key, rate];
    }
    this.deps.recipients.release(c.id, this.deps.recipients.heldContacts(c.id), winner);
    this.deps.store.put({ ...c, ab_test: JSON.stringify({ ...ab, winner }), updated_at: now });
  }
}
