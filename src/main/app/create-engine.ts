import { mkdirSync } from 'node:fs';
import type { Operation } from '../../shared/contract/operation';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database';
import { systemClock, type Clock } from '../core/clock';
import type { HandlerMap } from '../core/handler';
import { combineModules, type EngineModule } from '../core/engine-module';
import { JobRunner } from '../core/job-runner';
import type { SocketHandlers } from '../core/socket-handler';
import { OPERATIONS } from '../../shared/contract/operations';
import { DocRewrite, RecordsEngine, RecordReader, tagsList } from '../engines/records';
import { ListQueryEngine, upgradeSearchIndexes } from '../engines/query';
import { ENTITIES } from '../../shared/entities/entities';
import { AuthEngine, authAndUserHandlers } from '../engines/auth';
import { crmHandlers } from '../engines/crm';
import { systemHandlers } from '../engines/system';
import { createCustomFields } from '../engines/custom-fields';
import { NotificationsEngine, importFinishedDraft } from '../engines/notifications';
import { AuditEngine, auditHandlers } from '../engines/audit';
import { TimelineEngine, timelineHandlers } from '../engines/timeline';
import { DataTransferEngine, dataTransferHandlers } from '../engines/data-transfer';
import { SavedViewsEngine, savedViewHandlers } from '../engines/saved-views';
import { DuplicateFinder, duplicateHandlers, MergeStore, RecordMerger } from '../engines/duplicates';
import { ConflictsEngine, conflictHandlers } from '../engines/conflicts';
import { createCampaigns, campaignHandlers, type CampaignsModule } from '../engines/campaigns';
import { redactHiddenFieldsInJson } from '../core/hidden-fields';
import { RelayTracking, SyncEngine, syncHandlers, settingsSecretStore, type SecretStore } from '../engines/sync';
import { DashboardsEngine, dashboardHandlers, analyticsSources } from '../engines/dashboards';
import { AnalyticsEngine, analyticsHandlers } from '../engines/analytics';
import { CoEditingEngine, openDocSocket } from '../engines/co-editing';
import type { DocSocketHandler } from '../api/doc-socket-routes';
import { ListPreferencesEngine, preferenceHandlers } from '../engines/preferences';

export const APP_VERSION = '0.1.0';

export interface EngineOptions {
  dataDir: string;
  clock?: Clock;
  /** Reminder scheduler interval (default 30 s). */
  reminderIntervalMs?: number;
  /** How often open sockets re-check their token besides on account and token changes (default 60 s). */
  sessionRecheckMs?: number;
  /** Where secrets are kept (team connection, SMTP password; the desktop app passes the OS keychain); default: this store. */
  secrets?: SecretStore;
  /** How often a connected install reads the relay's email events (default 30 s; tests shorten it). */
  trackingPollMs?: number;
  /** Reconnect delays of the sync client (tests shorten them). */
  syncBackoff?: { minMs: number; maxMs: number };
  /** Wait before the background rewrite of schema-2 record documents starts (default 5 s). */
  docRewriteDelayMs?: number;
  /** Co-editing timings (tests shorten the join wait and the typing pause). */
  coEditing?: { joinWaitMs?: number; projectDelayMs?: number; lingerMs?: number };
  /** Lines about long one-time work at start (a search index rebuild); default: the console. */
  onStartupProgress?: (line: string) => void;
}

/** Everything the API and the desktop shell talk to. Built once per process, passed down. */
export interface Engine {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  reader: RecordReader;
  query: ListQueryEngine;
  auth: AuthEngine;
  /** Custom field definitions; `customFields.engine.canSee(entity, name, role)` for audit and field history. */
  customFields: ReturnType<typeof createCustomFields>;
  notifications: NotificationsEngine;
  /** The team connection (relay sync client). */
  sync: SyncEngine;
  /** The relay's email events and suppression list, read while connected. */
  tracking: RelayTracking;
  /** Email campaigns; `campaigns.recordTrackingEvents` is where the relay's events come in. */
  campaigns: CampaignsModule;
  /** Presence and co-edited notes: the rooms behind `/ws/docs/{entity}/{id}/`. */
  coEditing: CoEditingEngine;
  docSockets: DocSocketHandler;
  /** Handlers of every operation in the contract's table, by operation id. */
  handlers: HandlerMap;
  /** The operations the engines serve (the whole table, each claimed by one engine module). */
  operations: readonly Operation[];
  /** Live channels of every engine, for the transport. */
  sockets: SocketHandlers;
  /** The one runner of periodic jobs (reminders, retention, campaign sending). */
  jobs: JobRunner;
  /** The background rewrite of this store's schema-2 record documents (`run()` starts it now). */
  docRewrite: DocRewrite;
  /** Stops timers of the engines, then closes the store. */
  close(): void;
}

export const STORE_FILE = 'crm.sqlite';

const DAY_MS = 86_400_000;

/**
 * An engine's module, its operations taken from the contract table by the handlers it offers:
 * an operation two modules answer, or one the table lists twice, fails the start.
 */
function moduleOf(name: string, handlers: HandlerMap, more: Omit<EngineModule, 'name' | 'operations' | 'handlers'> = {}): EngineModule {
  return { name, operations: OPERATIONS.filter((op) => Object.hasOwn(handlers, op.id)), handlers, ...more };
}

/**
 * The composition root: opens the store, builds the engines and combines their modules (one
 * shape: operations, handlers, sockets, jobs, start, stop). Adding an engine is one
 * construction line and one module line here.
 */
export function createEngine(options: EngineOptions): Engine {
  mkdirSync(options.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, STORE_FILE));
  const records = new RecordsEngine({ db, clock });
  const stoppers: (() => void)[] = [() => records.close()];
  const reader = new RecordReader(db);
  const docRewrite = new DocRewrite({
    db,
    transaction: (fn) => records.transaction(fn),
    outboxChanged: () => records.outbox.forgetCount(),
    now: () => clock.now(),
    startDelayMs: options.docRewriteDelayMs,
  });
  const query = new ListQueryEngine(db);
  const auth = new AuthEngine({ db, clock, records, reader });
  const customFields = createCustomFields({ db, clock, records, reader, query });
  // Before anything writes (the sync client starts below): a one-time rebuild, resumable, with progress.
  upgradeSearchIndexes(db, {
    entities: ENTITIES,
    customText: (e, v) => customFields.engine.searchText(e, v),
    report: options.onStartupProgress ?? console.log,
  });
  const notifications = new NotificationsEngine({
    db,
    clock,
    records,
    sessionRecheckMs: options.sessionRecheckMs,
    auth: {
      authenticate: (bearer) => auth.authenticate(bearer),
      expiresAt: (bearer) => auth.expiresAt(bearer),
      onTokensChanged: (listener) => {
        const offs = [auth.events.on('apiToken.revoked', (e) => listener(e.userId)), auth.events.on('password.changed', (e) => listener(e.userId))];
        return () => offs.forEach((off) => off());
      },
    },
    redactFrame: (role, text) => redactHiddenFieldsInJson(text, customFields.engine.hiddenNames(role)),
  });
  stoppers.push(() => notifications.close());
  const audit = new AuditEngine({ db, clock, records, reader, authEvents: auth.events });
  const timeline = new TimelineEngine({ db, clock });
  const duplicates = new DuplicateFinder(query, reader);
  const dataTransfer = new DataTransferEngine({ db, clock, records, query, duplicates });
  dataTransfer.events.on('import.finished', (done) => notifications.deliver([importFinishedDraft(done)]));
  stoppers.push(() => dataTransfer.close());
  const savedViews = new SavedViewsEngine({ db, clock, query });
  const secrets = options.secrets ?? settingsSecretStore(db);
  const sync = new SyncEngine({ db, clock, records, secrets, backoff: options.syncBackoff });
  sync.events.on('sync.status', (status) => notifications.feed.publishEvent({ type: 'sync_status', status }));
  sync.events.on('sync.wiped', () => customFields.engine.store.reload());
  records.events.on('records.arrived', (a) => {
    if (a.quiet) notifications.feed.publishEvent({ type: 'records_arrived', count: a.count, by_entity: a.byEntity });
  });
  sync.start();
  stoppers.push(() => sync.close());
  const analytics = new AnalyticsEngine({ db, clock, records, query });
  const dashboards = new DashboardsEngine({ db, clock, records, query, reader, timeline, analyticsSources: analyticsSources(analytics) });
  stoppers.push(() => dashboards.close());
  const tracking = new RelayTracking({ db, sync, sink: () => campaigns, intervalMs: options.trackingPollMs });
  const campaigns = createCampaigns({ db, clock, reader, query, secrets, relaySuppressed: (emails) => tracking.suppressed(emails) });
  stoppers.push(() => tracking.close());
  stoppers.push(() => campaigns.scheduler.close());
  const coEditing = new CoEditingEngine({
    db,
    records,
    ...options.coEditing,
    relay: {
      send: (frame) => sync.sendDocFrame(frame),
      live: () => sync.status().state === 'connected',
      onFrame: (listener) => sync.events.on('doc.frame', listener),
      onLive: (listener) => sync.events.on('sync.live', listener),
    },
  });
  stoppers.unshift(() => coEditing.close());
  const docSockets: DocSocketHandler = {
    open: (peer, request) => openDocSocket(coEditing, (bearer) => auth.authenticate(bearer), peer, request),
    pingIntervalMs: 30_000,
  };

  const modules: EngineModule[] = [
    moduleOf('auth', authAndUserHandlers({ auth, records, reader, query })),
    moduleOf('crm', crmHandlers({ db, records, reader, query })),
    moduleOf(
      'records',
      { 'tags.list': (req) => tagsList(db, req) },
      { jobs: [{ name: 'records.schema3_rewrite', everyMs: 3_600_000, run: () => docRewrite.runLater() }], stop: () => docRewrite.stop() },
    ),
    moduleOf(
      'system',
      systemHandlers({
        db,
        version: APP_VERSION,
        outboxPending: () => records.outbox.pendingCount(),
        walSyncs: () => records.walSyncs(),
        walCheckpoints: () => records.upkeep.checkpoints(),
        docRewrite: () => docRewrite.progress(),
        epochRebootstrap: () => sync.epochs.progress(),
      }),
    ),
    moduleOf('custom-fields', customFields.handlers),
    moduleOf('notifications', notifications.handlers, {
      sockets: notifications.sockets.channels,
      jobs: [{ name: 'notifications.reminders', everyMs: options.reminderIntervalMs ?? 30_000, run: () => notifications.scheduler.tick() }],
    }),
    moduleOf('audit', auditHandlers(audit, reader, customFields.engine.canSee), {
      jobs: [{ name: 'audit.retention', everyMs: DAY_MS, run: () => (db.open ? audit.retention.apply() : undefined) }],
    }),
    moduleOf('timeline', timelineHandlers(timeline)),
    moduleOf('data-transfer', dataTransferHandlers(dataTransfer)),
    moduleOf('saved-views', savedViewHandlers(savedViews)),
    moduleOf('duplicates', duplicateHandlers(duplicates, new RecordMerger({ records, query, clock, store: new MergeStore(db) }), records)),
    moduleOf('conflicts', conflictHandlers(new ConflictsEngine(db, records))),
    moduleOf('sync', syncHandlers({ sync, auth, reader })),
    moduleOf('dashboards', dashboardHandlers(dashboards)),
    moduleOf('analytics', analyticsHandlers(analytics)),
    moduleOf('campaigns', campaignHandlers(campaigns), {
      // Claims a crash left mid-send are resumed before the first beat; the scheduler wakes itself between beats when the sender asks.
      start: () => void campaigns.scheduler.recover(),
      jobs: [{ name: 'campaigns.send', everyMs: 15_000, run: () => campaigns.scheduler.kick() }],
    }),
    moduleOf('preferences', preferenceHandlers(new ListPreferencesEngine({ db, records, query }))),
  ];
  const combined = combineModules(modules);
  const unserved = OPERATIONS.filter((op) => !Object.hasOwn(combined.handlers, op.id));
  if (unserved.length) throw new Error(`No engine serves: ${unserved.map((op) => op.id).join(', ')}`);
  const jobs = new JobRunner();
  for (const job of combined.jobs) jobs.add(job);
  for (const m of modules) m.start?.();
  jobs.start();

  return {
    db,
    clock,
    records,
    reader,
    query,
    auth,
    notifications,
    customFields,
    sync,
    tracking,
    campaigns,
    jobs,
    docRewrite,
    coEditing,
    docSockets,
    handlers: combined.handlers,
    operations: combined.operations,
    sockets: { channels: combined.channels, limits: notifications.sockets.limits },
    close: () => {
      jobs.stop();
      for (const m of [...modules].reverse()) m.stop?.();
      for (const stop of stoppers) stop();
      if (db.open) db.close();
    },
  };
}
