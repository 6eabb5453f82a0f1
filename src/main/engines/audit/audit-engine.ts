import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { EventBus } from '../../core/event-bus';
import { validationError, type FieldErrors } from '../../../shared/errors';
import { ENTITIES } from '../../../shared/entities/entities';
import type { AuthEvents } from '../auth';
import type { Origin, RecordReader, RecordsEngine } from '../records';
import { AuditWriter } from './audit-writer';
import { AuditTrail } from './audit-trail';
import { FieldHistory } from './field-history';
import { RecordHistory } from './record-history';
import { Snapshots } from './snapshots';
import { Retention } from './retention';
import { StatementCache } from '../../db/statement-cache';
import { isJsonObject } from '../../core/json-object';
import type { BodyOf } from '../../core/typed-handler';
import type { AUDIT_SETTINGS_BODY } from '../../../shared/contract/audit-operations';

export interface AuditDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  reader: RecordReader;
  /** Sign-ins, password changes and API tokens, which do not pass the write path. */
  authEvents?: EventBus<AuthEvents>;
}

const RECORD_MODELS = ENTITIES.map((e) => e.name);

/**
 * The audit engine (spec section 3): writes the trail from the write path's in-transaction
 * hook, logs reads where an admin turned that on, and serves the trail, field history,
 * snapshots, as-of views, reverts and retention.
 */
export class AuditEngine {
  readonly writer: AuditWriter;
  readonly trail: AuditTrail;
  readonly fieldHistory: FieldHistory;
  readonly history: RecordHistory;
  readonly snapshots: Snapshots;
  readonly retention: Retention;

  constructor(readonly deps: AuditDeps) {
    const { db, clock, records } = deps;
    const statements = new StatementCache(db);
    this.writer = new AuditWriter(db, clock);
    this.writer.attach(records);
    this.trail = new AuditTrail(db, statements);
    this.fieldHistory = new FieldHistory(db, statements);
    this.history = new RecordHistory(records, this.writer, statements);
    this.snapshots = new Snapshots(records, this.writer, statements);
    records.onBulk((bulk) => this.snapshots.recordBulk(bulk));
    this.retention = new Retention(db, clock, this.writer);
    if (deps.authEvents) this.attachAuth(deps.authEvents);
  }

  private attachAuth(events: EventBus<AuthEvents>): void {
    const w = this.writer;
    // These arrive from the local API (sign-in, account pages); the events carry no origin.
    const origin: Origin = 'api';
    events.on('user.loggedIn', (e) =>
      w.write({ at: e.at, actor: e.userId, action: 'login', model: 'user', objectId: e.userId, objectRepr: null, description: 'Signed in', origin }),
    );
    // The account owner sees failed attempts on their account; unknown names only admins and managers.
    events.on('user.loginFailed', (e) =>
      w.write({
        at: e.at,
        actor: null,
        action: 'login_failed',
        model: 'user',
        objectId: e.userId,
        objectRepr: e.identifier,
        description: 'Failed sign-in',
        origin,
      }),
    );
    events.on('password.changed', (e) =>
      w.write({
        at: e.at,
        actor: e.userId,
        action: 'password_change',
        model: 'user',
        objectId: e.userId,
        objectRepr: null,
        description: 'Changed password',
        changes: ['password'],
        newValues: { password: '***' },
        origin,
      }),
    );
    events.on('apiToken.created', (e) =>
      w.write({
        at: e.at,
        actor: e.userId,
        action: 'create',
        model: 'api_token',
        objectId: e.id,
        objectRepr: e.name,
        description: 'Created API token',
        changes: ['name', 'token', 'expires_at'],
        newValues: { name: e.name, token: '***', token_prefix: e.tokenPrefix, expires_at: e.expiresAt },
        origin,
      }),
    );
    events.on('apiToken.revoked', (e) =>
      w.write({ at: e.at, actor: e.userId, action: 'delete', model: 'api_token', objectId: e.id, objectRepr: null, description: 'Revoked API token', origin }),
    );
  }

  settings(): Record<string, unknown> {
    return { log_views: Object.fromEntries(RECORD_MODELS.map((m) => [m, this.writer.viewModels.has(m)])) };
  }

  /** `{log_views: {lead: true, ...}}`: which models' reads are logged. */
  updateSettings(b: BodyOf<typeof AUDIT_SETTINGS_BODY>, actor: string, origin: Origin): Record<string, unknown> {
    const errors: FieldErrors = {};
    for (const key of Object.keys(b)) if (key !== 'log_views') errors[key] = ['Unknown field.'];
    const views = b.log_views;
    if (!isJsonObject(views)) errors.log_views = ['An object of model -> true/false.'];
    else {
      for (const [model, on] of Object.entries(views)) {
        if (!RECORD_MODELS.includes(model)) errors[`log_views.${model}`] = [`Unknown model. One of: ${RECORD_MODELS.join(', ')}.`];
        else if (typeof on !== 'boolean') errors[`log_views.${model}`] = ['Must be true or false.'];
      }
    }
    if (Object.keys(errors).length) throw validationError(errors);
    const at = this.writer.now();
    const changes = Object.entries(views ?? {});
    const put = this.deps.db.prepare(
      'INSERT INTO audit_settings (model, log_views, updated_at) VALUES (?, ?, ?) ON CONFLICT(model) DO UPDATE SET log_views = excluded.log_views, updated_at = excluded.updated_at',
    );
    this.deps.db.transaction(() => {
      for (const [model, on] of changes) put.run(model, on ? 1 : 0, at);
      this.writer.write({
        at,
        actor,
        action: 'update',
        model: 'audit_settings',
        objectId: null,
        objectRepr: 'Audit settings',
        description: 'Updated view logging',
        changes: changes.map(([m]) => `log_views.${m}`),
        oldValues: Object.fromEntries(changes.map(([m]) => [m, this.writer.viewModels.has(m)])),
        newValues: Object.fromEntries(changes),
        origin,
      });
    })();
    for (const [model, on] of changes) {
      if (on) this.writer.viewModels.add(model);
      else this.writer.viewModels.delete(model);
    }
    return this.settings();
  }
}
