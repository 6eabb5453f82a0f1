import type { Db, Stmt } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { entityByName } from '../../../shared/entities/entities';
import { documentKind } from '../../../shared/entities/shared-kinds';
import type { BulkSummary, Origin, RecordChange, RecordView, RecordsEngine } from '../records';
import { describe, entryValues, masked, objectRepr } from './audit-values';

/** One audit entry as written; values already masked. */
export interface NewEntry {
  at: string;
  actor: string | null;
  action: string;
  model: string;
  objectId: string | null;
  objectRepr: string | null;
  description: string;
  changes?: string[] | null;
  oldValues?: Record<string, unknown> | null;
  newValues?: Record<string, unknown> | null;
  origin: Origin;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Writes the audit trail. `onChange` runs inside the write's transaction (records.onWrite):
 * one insert for the entry and one per changed field, nothing else, so auditing stays
 * within the write budget. Actor names are captured at write time from a small cache.
 */
export class AuditWriter {
  private readonly sql: Record<string, Stmt>;
  private readonly names = new Map<string, { name: string | null; email: string | null }>();
  private note: string | null = null;
  private readonly rowStatements = new Map<string, Stmt>();
  /** Models whose reads are logged (audit_settings), kept in memory: views are hot. */
  readonly viewModels = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.sql = {
      entry: db.prepare(
        `INSERT INTO audit_entries (id, at, actor, actor_name, actor_email, action, model, object_id, object_repr, description, changes, old_values, new_values, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      field: db.prepare(
        'INSERT INTO field_history (id, audit_id, at, actor, model, object_id, field_name, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      snapshot: db.prepare('INSERT INTO record_snapshots (id, at, model, object_id, reason, audit_id, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      user: db.prepare('SELECT full_name, email FROM users WHERE id = ?'),
      viewSettings: db.prepare('SELECT model FROM audit_settings WHERE log_views = 1'),
    };
    for (const model of this.sql.viewSettings.pluck().all() as string[]) this.viewModels.add(model);
  }

  /** Subscribes to the write path and to record reads. */
  attach(records: RecordsEngine): void {
    records.onWrite((change) => this.onChange(change));
    // A bulk batch (a new device pulling the team's store, an import): one entry, in its transaction.
    records.onBatch((b) => this.onBatch(b));
    records.events.on('record.viewed', (view) => this.onView(view));
  }

  /** Runs fn with `note` as the description of every entry it writes (revert, restore). */
  withNote<T>(note: string, fn: () => T): T {
    const previous = this.note;
    this.note = note;
    try {
      return fn();
    } finally {
      this.note = previous;
    }
  }

  write(e: NewEntry): string {
    const id = newId();
    const who = this.actorInfo(e.actor);
    this.sql.entry.run(
      id,
      e.at,
      e.actor,
      who.name,
      who.email,
      e.action,
      e.model,
      e.objectId,
      e.objectRepr,
      e.description,
      json(e.changes),
      json(e.oldValues),
      json(e.newValues),
      e.origin,
    );
    return id;
  }

  snapshot(model: string, objectId: string, reason: string, values: Record<string, unknown>, auditId: string | null, actor: string | null, at: string): void {
    this.sql.snapshot.run(newId(), at, model, objectId, reason, auditId, actor, JSON.stringify(maskedRecord(values)));
  }

  private onChange(c: RecordChange): void {
    // Part of a bulk batch (a new device's bootstrap, an import): the batch has one entry (onBatch).
    if (c.quiet) return;
    // A person's own settings (their list columns) are theirs, not the team's history.
    if (documentKind(c.entity)?.privateTo) return;
    if (c.entity === 'user') {
      this.names.delete(c.id);
      // A sign-in stamps last_login through the write path; the login entry already says it.
      if (c.action === 'update' && isOnly(c.changes, 'last_login')) return;
    }
    const v = entryValues(c.action, c.changes);
    const auditId = this.write({
      at: c.at,
      actor: c.actor,
      action: c.action,
      model: c.entity,
      objectId: c.id,
      objectRepr: objectRepr(c.entity, c.after ?? c.before, c.id),
      description: this.note ?? describe(c.action, c.entity, v.changes),
      changes: v.changes,
      oldValues: c.action === 'create' ? null : v.oldValues,
      newValues: v.newValues,
      origin: c.origin,
    });
    if (c.action !== 'create') {
      for (const [field, change] of Object.entries(c.changes)) {
        this.sql.field.run(
          newId(),
          auditId,
          c.at,
          c.actor,
          c.entity,
          c.id,
          field,
          json(masked(field, change.old, false)),
          json(masked(field, change.new, false)),
        );
      }
    }
    if (c.action === 'delete' && c.before) this.snapshot(c.entity, c.id, 'delete', c.before, auditId, c.actor, c.at);
  }

  private onBatch(b: BulkSummary): void {
    const counts = Object.entries(b.byEntity)
      .map(([e, n]) => `${n} ${e}`)
      .join(', ');
    if (b.origin === 'remote') {
      this.write({
        at: b.at,
        actor: null,
        action: 'create',
        model: 'system',
        objectId: 'bootstrap',
        objectRepr: 'Team data',
        description: `Received ${b.count} records from the team (${counts})`,
        changes: null,
        oldValues: null,
        newValues: null,
        origin: 'remote',
      });
      return;
    }
    const models = Object.keys(b.byEntity);
    // The created ids ride along, so each record's origin stays traceable from this one entry.
    this.write({
      at: b.at,
      actor: b.actor,
      action: 'create',
      model: models.length === 1 ? models[0] : 'system',
      objectId: null,
      objectRepr: `${b.count} records`,
      description: `Created ${counts} in one batch (${b.origin})`,
      changes: null,
      oldValues: null,
      newValues: { record_ids: b.ids },
      origin: b.origin,
    });
  }

  private onView(view: RecordView): void {
    if (!this.viewModels.has(view.entity)) return;
    const entity = entityByName(view.entity);
    let stmt = entity ? this.rowStatements.get(entity.table) : undefined;
    if (entity && !stmt) this.rowStatements.set(entity.table, (stmt = this.db.prepare(`SELECT * FROM ${entity.table} WHERE id = ?`)));
    // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
    const row = stmt?.get(view.id) as Record<string, unknown> | undefined;
    this.write({
      at: view.at,
      actor: view.actor,
      action: 'view',
      model: view.entity,
      objectId: view.id,
      objectRepr: objectRepr(view.entity, row ?? null, view.id),
      description: describe('view', view.entity, []),
      // record.viewed carries no origin; reads reach the engine only through the local API.
      origin: 'api',
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  private actorInfo(actor: string | null): { name: string | null; email: string | null } {
    if (!actor) return { name: 'System', email: null };
    let info = this.names.get(actor);
    if (!info) {
      const row = this.sql.user.get(actor) as { full_name: string | null; email: string | null } | undefined;
      info = { name: row?.full_name ?? null, email: row?.email ?? null };
      if (this.names.size > 10_000) this.names.clear();
      this.names.set(actor, info);
    }
    return info;
  }
}

function isOnly(changes: Record<string, unknown>, field: string): boolean {
  const keys = Object.keys(changes);
  return keys.length === 1 && keys[0] === field;
}

export function maskedRecord(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = masked(k, v, false);
  return out;
}
