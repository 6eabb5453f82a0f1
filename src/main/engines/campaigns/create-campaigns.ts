import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { ListQueryEngine } from '../query';
import type { RecordReader } from '../records';
import { Audience } from './audience';
import { CampaignEvents } from './campaign-events';
import { CampaignScheduler } from './campaign-scheduler';
import { CampaignSender } from './campaign-sender';
import { CampaignStatsReader } from './campaign-stats';
import { CampaignsEngine } from './campaigns-engine';
import { CampaignsStore } from './campaigns-store';
import { EmailSettings, type TeamTracking } from './email-settings';
import type { SecretStore } from '../sync';
import { nodemailerTransport, type MailTransportFactory } from './mail-transport';
import { RecipientsStore } from './recipients-store';
import { applyRelaySuppressions } from './relay-suppressions';
import { SendRateLimit } from './send-rate-limit';
import { SuppressionList } from './suppression-list';
import { TemplatesEngine } from './templates-engine';
import { TemplatesStore } from './templates-store';
import { recordTrackingEvents, type TrackingResult } from './tracking-events';

export interface CampaignsDeps {
  db: Db;
  clock: Clock;
  reader: RecordReader;
  query: ListQueryEngine;
  /** Where the SMTP password is kept (the install's secret store: the OS keychain on the desktop). */
  secrets: SecretStore;
  createTransport?: MailTransportFactory;
  /** The team relay's suppression list, checked before each batch (throws when the relay cannot be reached). */
  relaySuppressed?: (emails: string[]) => Promise<string[]>;
}

/** Wires the campaigns engine; the composition root keeps the returned module. */
export function createCampaigns(deps: CampaignsDeps) {
  const { db, clock, reader, query } = deps;
  const createTransport = deps.createTransport ?? nodemailerTransport;
  const templatesStore = new TemplatesStore(db);
  const store = new CampaignsStore(db);
  const recipients = new RecipientsStore(db);
  const settings = new EmailSettings(db, deps.secrets);
  const rateLimit = new SendRateLimit(db);
  const suppressions = new SuppressionList(db);
  const events = new CampaignEvents(db);
  const audience = new Audience(db, query);
  const stats = new CampaignStatsReader(db, events);
  let scheduler: CampaignScheduler | null = null;
  const templates = new TemplatesEngine({ clock, store: templatesStore, query, reader, inUse: (id) => store.countUsingTemplate(id) });
  const campaigns = new CampaignsEngine({ db, clock, store, templates: templatesStore, recipients, audience, settings, stats, kick: () => scheduler?.kick() });
  const sender = new CampaignSender({
    db,
    clock,
    reader,
    campaigns: store,
    templates: templatesStore,
    recipients,
    settings,
    rateLimit,
    suppressions,
    events,
    createTransport,
    relaySuppressed: deps.relaySuppressed,
    onCampaignDrained: (id) => scheduler?.drained(id),
  });
  scheduler = new CampaignScheduler({ clock, store, recipients, engine: campaigns, sender, stats, rateLimit });
  return {
    clock,
    templates,
    templatesStore,
    campaigns,
    settings,
    suppressions,
    scheduler,
    testDeps: { clock, settings, rateLimit, createTransport, audience, templates: templatesStore, reader },
    /** Where the relay's open, click and unsubscribe events come in. */
    recordTrackingEvents: (input: unknown): TrackingResult => recordTrackingEvents({ db, recipients, events, suppressions }, input),
    /** The relay's suppression list (address hashes) matched against this install's contacts. */
    applyRelaySuppressions: (items: { email_hash: string; at: string }[]): number => applyRelaySuppressions({ db, settings, suppressions }, items),
    /** The team relay's tracking key and base URL, used instead of the local ones while in a team. */
    useTeamTracking: (team: TeamTracking | null) => settings.useTeamTracking(team),
    teamTracking: () => settings.teamTracking(),
  };
}

export type CampaignsModule = ReturnType<typeof createCampaigns>;
