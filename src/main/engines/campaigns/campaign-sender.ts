import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { RecordReader } from '../records';
import { CampaignMessages } from './campaign-messages';
import type { CampaignsStore } from './campaigns-store';
import type { EmailSettings } from './email-settings';
import { classifyFailure, type MailTransport, type MailTransportFactory } from './mail-transport';
import type { RecipientRow, RecipientsStore } from './recipients-store';
import type { SendRateLimit } from './send-rate-limit';
import type { SuppressionList } from './suppression-list';
import type { TemplatesStore } from './templates-store';
import type { CampaignEvents } from './campaign-events';

const BATCH = 50;
const MAX_ATTEMPTS = 3;
const CONNECTION_RETRY_MS = 30_000;
const RELAY_RETRY_MS = 60_000;
/**
 * Messages handed to SMTP at once (the transport pools four connections). This is also the
 * most recipients a kill can leave accepted-but-unrecorded, so the most a restart can mail
 * twice (same Message-ID); 1 would make it one, at a quarter of the send rate.
 */
export const IN_FLIGHT = 4;

type Outcome = 'sent' | 'bounced' | 'retry' | 'stop';

export interface SenderDeps {
  db: Db;
  clock: Clock;
  reader: RecordReader;
  campaigns: CampaignsStore;
  templates: TemplatesStore;
  recipients: RecipientsStore;
  settings: EmailSettings;
  rateLimit: SendRateLimit;
  suppressions: SuppressionList;
  events: CampaignEvents;
  createTransport: MailTransportFactory;
  /**
   * The team's suppression list on the relay (unsubscribes made while this install was
   * offline): the addresses of a batch that it holds. Absent without a relay.
   */
  relaySuppressed?: (emails: string[]) => Promise<string[]>;
  /** Called when a campaign has nobody left to send to. */
  onCampaignDrained(campaignId: string): void;
}

export interface PumpResult {
  sent: number;
  /** Set when sending stopped before the queue was empty: when to try again. */
  retryInMs: number | null;
}

/**
 * Drains the queue of campaigns in `sending`, one recipient at a time through its state
 * machine: claim (queued -> sending, committed) -> SMTP -> sent | bounced | failed
 * (committed). A process killed between the two writes leaves a claim; on the next start the
 * claim goes back to the queue and the message is sent again with the same Message-ID. The
 * kill can land after the server accepted a message and before its result was written, so
 * the messages in flight then (at most IN_FLIGHT) may arrive twice, as the same message;
 * mail clients and many receiving servers fold copies with one Message-ID. The other choice
 * (never resend an unconfirmed claim) loses the message whenever the kill came before the
 * server accepted it, which is the far wider window: no SMTP client can have both.
 */
export class CampaignSender {
  private running: Promise<PumpResult> | null = null;

  constructor(private readonly deps: SenderDeps) {}

  /** One run at a time; a second call while running gets the running one. */
  pump(): Promise<PumpResult> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<PumpResult> {
    const d = this.deps;
    const settings = d.settings.current();
    if (!settings) return { sent: 0, retryInMs: null };
    let transport: MailTransport | null = null;
    const messages = new Map<string, CampaignMessages>();
    let sent = 0;
    try {
      for (;;) {
        const batch = d.recipients.nextQueued(BATCH);
        if (batch.length === 0) return { sent, retryInMs: null };
        // The suppression list is read before every batch: an unsubscribe between two
        // batches stops the next one.
        if (d.relaySuppressed) {
          let remote: string[];
          try {
            remote = await d.relaySuppressed(batch.map((r) => r.email));
          } catch {
            // Unchecked addresses are not mailed: wait for the relay rather than risk mailing
            // someone who unsubscribed elsewhere.
            return { sent, retryInMs: RELAY_RETRY_MS };
          }
          const at = d.clock.now().toISOString();
          for (const email of remote) d.suppressions.add(email, null, 'unsubscribed', null, at);
        }
        const suppressed = d.suppressions.matching(batch.map((r) => r.email));
        const todo: RecipientRow[] = [];
        for (const r of batch) {
          if (suppressed.has(r.email.toLowerCase())) d.recipients.suppress(r, 'suppressed');
          else todo.push(r);
        }
        while (todo.length > 0) {
          const { allowed, waitMs } = d.rateLimit.allowance(d.clock.now(), settings.rate_limit_per_minute, settings.rate_limit_per_hour);
          if (allowed <= 0) return { sent, retryInMs: Math.max(waitMs, 1) };
          transport ??= d.createTransport(settings, d.settings.password());
          const group = todo.splice(0, Math.min(IN_FLIGHT, allowed));
          const outcomes = await this.sendGroup(group, transport, messages);
          sent += outcomes.filter((o) => o === 'sent').length;
          if (outcomes.includes('stop')) return { sent, retryInMs: CONNECTION_RETRY_MS };
        }
        this.finishDrained(batch);
      }
    } finally {
      transport?.close();
    }
  }

  private builder(campaignId: string, cache: Map<string, CampaignMessages>): CampaignMessages | null {
    const d = this.deps;
    const campaign = d.campaigns.get(campaignId);
    if (!campaign || campaign.status !== 'sending') return null;
    let builder = cache.get(campaign.id);
    if (!builder) {
      builder = new CampaignMessages(campaign, {
        templates: d.templates,
        reader: d.reader,
        trackingBaseUrl: d.settings.current()?.tracking_base_url ?? null,
        trackingSecret: d.settings.trackingSecret(),
      });
      cache.set(campaign.id, builder);
    }
    return builder;
  }

  /**
   * A few messages in flight at once over the pooled connections: their claims are one
   * transaction before any is sent; each result is written the moment its server answers,
   * so the window in which a kill leaves an accepted message unrecorded stays one write wide.
   */
  private async sendGroup(group: RecipientRow[], transport: MailTransport, cache: Map<string, CampaignMessages>): Promise<Outcome[]> {
    const d = this.deps;
    const live = group.filter((r) => this.builder(r.campaign_id, cache) !== null);
    const claimed = this.logWrite(() => live.filter((r) => d.recipients.claim(r)));
    return Promise.all(
      claimed.map(async (r) => {
        let error: unknown = null;
        try {
          await transport.send(this.builder(r.campaign_id, cache)!.build(r));
        } catch (e) {
          error = e;
        }
        return this.logWrite(() => this.record(r, error, d.clock.now()));
      }),
    );
  }

  /**
   * A write to the send log, committed without waiting for fsync (WAL, synchronous NORMAL):
   * it survives a killed process, which is what the state machine guards against; a power
   * cut may lose the last writes, and then those recipients are sent again with the same
   * Message-ID. An fsync per message would tie the send rate to the disk's flush latency.
   */
  private logWrite<T>(fn: () => T): T {
    const db = this.deps.db;
    const prior = db.pragma('synchronous', { simple: true }) as number;
    db.pragma('synchronous = NORMAL');
    try {
      return db.transaction(fn)();
    } finally {
      db.pragma(`synchronous = ${prior}`);
    }
  }

  private record(r: RecipientRow, error: unknown, at: Date): Outcome {
    const d = this.deps;
    d.rateLimit.record('campaign', at);
    if (error === null) {
      d.recipients.finish(r, 'sent', null, at.toISOString());
      d.events.add(r, 'sent', at.toISOString());
      return 'sent';
    }
    if (!(error instanceof Error) || !('responseCode' in error || 'code' in error)) {
      // Not an SMTP failure: the message could not be built (a template deleted mid-send).
      d.recipients.finish(r, 'failed', error instanceof Error ? error.message : 'could not build the message', null);
      return 'retry';
    }
    const kind = classifyFailure(error);
    const reason = smtpReason(error);
    if (kind === 'bounce') {
      d.recipients.finish(r, 'bounced', reason, null);
      d.suppressions.add(r.email, r.contact_id, 'hard_bounce', r.campaign_id, at.toISOString());
      d.events.add(r, 'bounce', at.toISOString());
      return 'bounced';
    }
    d.recipients.finish(r, r.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'queued', reason, null);
    return kind === 'connection' ? 'stop' : 'retry';
  }

  private finishDrained(batch: RecipientRow[]): void {
    for (const id of new Set(batch.map((r) => r.campaign_id))) {
      if (this.deps.recipients.openCount(id) === 0) this.deps.onCampaignDrained(id);
    }
  }
}

/** The server's answer, without anything that could hold a credential. */
function smtpReason(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string };
  if (e.responseCode) return `${e.responseCode} ${String(e.response ?? '').slice(0, 200)}`;
  return e.code ?? 'connection failed';
}
