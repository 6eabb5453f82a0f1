import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { Caller } from '../../core/handler';
import { AppError, notFound, validationError } from '../../../shared/errors';
import type { Audience, AudienceCount } from './audience';
import type { CampaignRow, CampaignsStore, CampaignState } from './campaigns-store';
import type { RecipientsStore, NewRecipient } from './recipients-store';
import type { TemplatesStore } from './templates-store';
import type { EmailSettings } from './email-settings';
import type { CampaignStatsReader, CampaignStats } from './campaign-stats';
import { campaignFromInput, type AbTest } from './campaign-input';
import { campaignVariants } from './campaign-messages';
import { newToken } from './tracking-links';
import { objectBody } from './input-checks';

export type { EmailCampaign } from '../../../shared/contract/campaign-types';
import type { EmailCampaign } from '../../../shared/contract/campaign-types';
import { objectOr } from '../../core/json-object';

const EDITABLE: CampaignState[] = ['draft', 'scheduled', 'paused'];

export interface CampaignsEngineDeps {
  db: Db;
  clock: Clock;
  store: CampaignsStore;
  templates: TemplatesStore;
  recipients: RecipientsStore;
  audience: Audience;
  settings: EmailSettings;
  stats: CampaignStatsReader;
  /** Something changed that the sender may act on now. */
  kick(): void;
}

/** Campaign definitions and their life: draft -> scheduled -> sending -> sent (or paused, cancelled, failed). */
export class CampaignsEngine {
  constructor(private readonly deps: CampaignsEngineDeps) {}

  view(row: CampaignRow): EmailCampaign {
    const counts = this.deps.recipients.stateCounts(row.id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const queued = (counts.held ?? 0) + (counts.queued ?? 0) + (counts.sending ?? 0);
    const ab = row.ab_test
      ? { ...(JSON.parse(row.ab_test) as AbTest & { winner: string | null; test_ends_at: string | null }), variants: campaignVariants(row) }
      : null;
    return {
      id: row.id,
      name: row.name,
      template: row.template,
      segment_filter: objectOr(JSON.parse(row.segment_filter)),
      scheduled_send: row.scheduled_send,
      from_email: row.from_email,
      from_name: row.from_name,
      track_clicks: row.track_clicks === 1,
      ab_test: ab,
      status: row.status,
      failure: row.failure,
      tracking: !!this.deps.settings.current()?.tracking_base_url,
      progress: { total, done: total - queued, queued },
      created_by: row.created_by,
      created_at: row.created_at,
      updated_at: row.updated_at,
      started_at: row.started_at,
      finished_at: row.finished_at,
    };
  }

  list(status: string | null, page: number, pageSize: number): { count: number; results: EmailCampaign[] } {
    const { count, rows } = this.deps.store.list(status, pageSize, (page - 1) * pageSize);
    return { count, results: rows.map((r) => this.view(r)) };
  }

  row(id: string): CampaignRow {
    const row = this.deps.store.get(id);
    if (!row) throw notFound('Email campaign');
    return row;
  }

  get(id: string): EmailCampaign {
    return this.view(this.row(id));
  }

  save(id: string | null, body: unknown, caller: Caller): EmailCampaign {
    const prior = id ? this.row(id) : undefined;
    if (prior && !EDITABLE.includes(prior.status)) throw new AppError('conflict', `A ${prior.status} campaign cannot be changed.`);
    const fields = campaignFromInput(body, prior, { templates: this.deps.templates, audience: this.deps.audience, now: this.deps.clock.now() });
    const at = this.now();
    const row: CampaignRow = {
      id: id ?? newId(),
      status: prior?.status ?? 'draft',
      failure: null,
      created_by: prior?.created_by ?? caller.id,
      created_at: prior?.created_at ?? at,
      updated_at: at,
      started_at: prior?.started_at ?? null,
      finished_at: null,
      ...fields,
    };
    this.deps.store.put(row);
    return this.view(row);
  }

  remove(id: string): void {
    const row = this.row(id);
    if (row.status === 'sending') throw new AppError('conflict', 'Pause or cancel the campaign before deleting it.');
    this.deps.db.transaction(() => this.deps.store.delete(id))();
  }

  audienceCount(segment: unknown): AudienceCount {
    return this.deps.audience.count(segment ?? {});
  }

  stats(id: string): CampaignStats {
    this.row(id);
    return this.deps.stats.stats(id);
  }

  send(id: string): EmailCampaign {
    const row = this.row(id);
    if (!['draft', 'scheduled'].includes(row.status)) throw new AppError('conflict', `A ${row.status} campaign cannot be sent.`);
    this.start(row);
    this.deps.kick();
    return this.get(id);
  }

  schedule(id: string, body: unknown): EmailCampaign {
    const row = this.row(id);
    if (!['draft', 'scheduled'].includes(row.status)) throw new AppError('conflict', `A ${row.status} campaign cannot be scheduled.`);
    const input = body === undefined || body === null ? {} : objectBody(body);
    const raw = input.scheduled_send ?? row.scheduled_send;
    const t = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(t)) throw validationError({ scheduled_send: ['A send time is required (ISO 8601).'] });
    if (t <= this.deps.clock.now().getTime()) throw validationError({ scheduled_send: ['The send time must be in the future.'] });
    this.ready(row);
    this.deps.store.put({ ...row, scheduled_send: new Date(t).toISOString(), status: 'scheduled', updated_at: this.now() });
    return this.get(id);
  }

  transition(id: string, action: 'pause' | 'resume' | 'cancel'): EmailCampaign {
    const row = this.row(id);
    const allowed: Record<typeof action, CampaignState[]> = {
      pause: ['sending', 'scheduled'],
      resume: ['paused'],
      cancel: ['draft', 'scheduled', 'sending', 'paused'],
    };
    if (!allowed[action].includes(row.status)) throw new AppError('conflict', `A ${row.status} campaign cannot ${action}.`);
    const status: CampaignState = action === 'pause' ? 'paused' : action === 'cancel' ? 'cancelled' : row.started_at ? 'sending' : 'scheduled';
    this.deps.store.put({ ...row, status, updated_at: this.now(), finished_at: action === 'cancel' ? this.now() : row.finished_at });
    if (status === 'sending') this.deps.kick();
    return this.get(id);
  }

  /** What must hold before a campaign can go: an SMTP account, a template, someone to mail. */
  private ready(row: CampaignRow): { id: string; email: string }[] {
    if (!this.deps.settings.current()) throw new AppError('conflict', 'No SMTP account yet: an admin sets one in the email settings.');
    if (row.template === null && !campaignVariants(row).every((v) => v.template)) throw validationError({ template: ['This field is required.'] });
    const members = this.deps.audience.members(JSON.parse(row.segment_filter));
    if (members.length === 0)
      throw validationError({ segment_filter: ['The audience is empty: nobody with an email address who can be mailed matches this filter.'] });
    return members;
  }

  /** Writes every recipient (queued, or held for the winner of an A/B test) and moves to sending. */
  start(row: CampaignRow): void {
    const members = this.ready(row);
    const now = this.deps.clock.now();
    const variants = campaignVariants(row);
    const ab = row.ab_test ? (JSON.parse(row.ab_test) as AbTest) : null;
    const order = ab ? shuffle(members) : members;
    const testSize = ab ? Math.max(variants.length, Math.round(order.length * ab.test_share)) : order.length;
    const domain = row.from_email.split('@')[1];
    const recipients: NewRecipient[] = order.map((m, i) => {
      const token = newToken();
      const inTest = i < testSize;
      return {
        contact_id: m.id,
        email: m.email,
        token,
        seq: i,
        message_id: `<${token}@${domain}>`,
        variant: ab && inTest ? variants[i % variants.length].key : null,
        state: inTest ? 'queued' : 'held',
      };
    });
    const abState = ab
      ? JSON.stringify({ ...JSON.parse(row.ab_test!), test_ends_at: new Date(now.getTime() + ab.duration_minutes * 60_000).toISOString(), winner: null })
      : null;
    this.deps.db.transaction(() => {
      this.deps.recipients.insertMany(row.id, recipients);
      this.deps.store.put({ ...row, status: 'sending', ab_test: abState, started_at: now.toISOString(), updated_at: now.toISOString(), failure: null });
    })();
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
