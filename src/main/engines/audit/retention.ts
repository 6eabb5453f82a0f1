import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import type { Origin } from '../records';
import { AUDIT_MODELS } from './audit-scope';
import type { AuditWriter } from './audit-writer';
import { isJsonObject } from '../../core/json-object';

export interface RetentionPolicy {
  id: string;
  model: string;
  audit_days: number | null;
  field_history_days: number | null;
  view_log_days: number | null;
  created_at: string;
  updated_at: string;
  last_applied_at: string | null;
}

export interface PurgeReport {
  applied_at: string;
  removed: { audit_entries: number; view_logs: number; field_history: number; snapshots: number };
  by_model: Record<string, { audit_entries: number; view_logs: number; field_history: number; snapshots: number }>;
}

const DAY_MS = 86_400_000;
const FIRST_RUN_DELAY_MS = 60_000;
const BATCH = 5_000;
const DAY_FIELDS = ['audit_days', 'field_history_days', 'view_log_days'] as const;
export const POLICY_MODELS = ['*', ...AUDIT_MODELS];

/**
 * Retention policies (days of audit entries, field history and view logs to keep, per model;
 * `*` for every model without its own) and the purge that applies them. Deletes run in
 * batches with a yield between them, so a large purge does not stall the API. Purged field
 * history moves the model's horizon: as-of and revert refuse points before it, so what is
 * kept always reconstructs correctly. The last snapshot of a still-deleted record is kept.
 */
export class Retention {
  private running: Promise<PurgeReport> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly writer: AuditWriter,
  ) {}

  list(): RetentionPolicy[] {
    return this.db.prepare('SELECT * FROM audit_retention_policies ORDER BY model').all() as RetentionPolicy[];
  }

  get(id: string): RetentionPolicy {
    const row = this.db.prepare('SELECT * FROM audit_retention_policies WHERE id = ?').get(id) as RetentionPolicy | undefined;
    if (!row) throw notFound('Retention policy');
    return row;
  }

  create(body: unknown, actor: string, origin: Origin): RetentionPolicy {
    const input = this.validated(body, true) as { model: string };
    if (this.db.prepare('SELECT 1 FROM audit_retention_policies WHERE model = ?').get(input.model)) {
      throw validationError({ model: [`A policy for "${input.model}" already exists; update it instead.`] });
    }
    const days = input as Partial<RetentionPolicy>;
    const now = this.clock.now().toISOString();
    const id = newId();
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO audit_retention_policies (id, model, audit_days, field_history_days, view_log_days, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, input.model, days.audit_days ?? null, days.field_history_days ?? null, days.view_log_days ?? null, now, now);
      this.audit('create', id, input.model, { ...input }, actor, origin, now);
    })();
    return this.get(id);
  }

  update(id: string, body: unknown, actor: string, origin: Origin): RetentionPolicy {
    const before = this.get(id);
    const input = this.validated(body, false);
    if (input.model !== undefined && input.model !== before.model)
      throw validationError({ model: ['The model of a policy cannot change; create another policy.'] });
    const next = { ...before, ...input, updated_at: this.clock.now().toISOString() };
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE audit_retention_policies SET audit_days = ?, field_history_days = ?, view_log_days = ?, updated_at = ? WHERE id = ?')
        .run(next.audit_days, next.field_history_days, next.view_log_days, next.updated_at, id);
      this.audit('update', id, before.model, input, actor, origin, next.updated_at);
    })();
    return this.get(id);
  }

  remove(id: string, actor: string, origin: Origin): void {
    const before = this.get(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM audit_retention_policies WHERE id = ?').run(id);
      this.audit('delete', id, before.model, {}, actor, origin, this.clock.now().toISOString());
    })();
  }

  private audit(action: string, id: string, model: string, values: Record<string, unknown>, actor: string | null, origin: Origin, at: string): void {
    this.writer.write({
      at,
      actor,
      action,
      model: 'audit_retention_policy',
      objectId: id,
      objectRepr: `Retention of ${model}`,
      description: `${action === 'create' ? 'Created' : action === 'update' ? 'Updated' : 'Deleted'} retention policy for ${model}`,
      changes: Object.keys(values),
      newValues: values,
      origin,
    });
  }

  private validated(body: unknown, creating: boolean): Partial<Pick<RetentionPolicy, 'model' | 'audit_days' | 'field_history_days' | 'view_log_days'>> {
    if (!isJsonObject(body)) throw validationError({ non_field_errors: ['Expected a JSON object.'] });
    const b = body;
    const errors: FieldErrors = {};
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(b)) if (key !== 'model' && !(DAY_FIELDS as readonly string[]).includes(key)) errors[key] = ['Unknown field.'];
    if (b.model !== undefined || creating) {
      if (typeof b.model !== 'string' || !POLICY_MODELS.includes(b.model)) errors.model = [`One of: ${POLICY_MODELS.join(', ')}.`];
      else out.model = b.model;
    }
    for (const key of DAY_FIELDS) {
      const v = b[key];
      if (v === undefined) continue;
      if (v !== null && (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 36_500))
        errors[key] = ['A whole number of days from 1 to 36500, or null to keep forever.'];
      else out[key] = v;
    }
    if (Object.keys(errors).length) throw validationError(errors);
    return out;
  }

  /** Applies every policy now; a run already under way is joined, not doubled. */
  apply(actor: string | null = null, origin: Origin = 'system'): Promise<PurgeReport> {
    this.running ??= this.purge(actor, origin).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async purge(actor: string | null, origin: Origin): Promise<PurgeReport> {
    const now = this.clock.now();
    const report: PurgeReport = { applied_at: now.toISOString(), removed: { audit_entries: 0, view_logs: 0, field_history: 0, snapshots: 0 }, by_model: {} };
    const policies = new Map(this.list().map((p) => [p.model, p]));
    const cutoff = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY_MS).toISOString());
    for (const model of AUDIT_MODELS) {
      const policy = policies.get(model) ?? policies.get('*');
      if (!policy) continue;
      const counts = { audit_entries: 0, view_logs: 0, field_history: 0, snapshots: 0 };
      const auditCut = cutoff(policy.audit_days);
      const viewCut = cutoff(policy.view_log_days);
      const historyCut = cutoff(policy.field_history_days);
      if (auditCut)
        counts.audit_entries = await this.batches("SELECT rowid FROM audit_entries WHERE model = ? AND at < ? AND action != 'view'", 'audit_entries', [
          model,
          auditCut,
        ]);
      if (viewCut)
        counts.view_logs = await this.batches("SELECT rowid FROM audit_entries WHERE model = ? AND at < ? AND action = 'view'", 'audit_entries', [
          model,
          viewCut,
        ]);
      if (historyCut) {
        counts.field_history = await this.batches('SELECT rowid FROM field_history WHERE model = ? AND at < ?', 'field_history', [model, historyCut]);
        counts.snapshots = await this.purgeSnapshots(model, historyCut);
        this.moveHorizon(model, historyCut);
      }
      if (!this.db.open) break;
      this.db.prepare('UPDATE audit_retention_policies SET last_applied_at = ? WHERE id = ?').run(report.applied_at, policy.id);
      if (Object.values(counts).some((n) => n > 0)) report.by_model[model] = counts;
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) report.removed[k] += counts[k];
    }
    if (this.db.open && Object.keys(report.by_model).length > 0) {
      this.writer.write({
        at: report.applied_at,
        actor,
        action: 'purge',
        model: 'audit_retention_policy',
        objectId: null,
        objectRepr: 'Retention',
        description: `Applied retention policies: removed ${report.removed.audit_entries} audit entries, ${report.removed.view_logs} view logs, ${report.removed.field_history} field changes, ${report.removed.snapshots} snapshots`,
        newValues: report.removed,
        origin,
      });
    }
    return report;
  }

  private purgeSnapshots(model: string, cut: string): Promise<number> {
    const entity = entityByName(model);
    // The last snapshot of a record that is still deleted is what a person restores from.
    const keep = entity
      ? ` AND NOT (s.rowid = (SELECT max(rowid) FROM record_snapshots x WHERE x.object_id = s.object_id)
          AND EXISTS (SELECT 1 FROM ${entity.table} t WHERE t.id = s.object_id AND t.deleted_at IS NOT NULL))`
      : '';
    return this.batches(`SELECT s.rowid FROM record_snapshots s WHERE s.model = ? AND s.at < ?${keep}`, 'record_snapshots', [model, cut]);
  }

  private moveHorizon(model: string, cut: string): void {
    this.db
      .prepare(
        `INSERT INTO audit_history_horizons (model, purged_before) VALUES (?, ?)
       ON CONFLICT(model) DO UPDATE SET purged_before = max(purged_before, excluded.purged_before)`,
      )
      .run(model, cut);
  }

  private async batches(select: string, table: string, params: unknown[]): Promise<number> {
    const stmt = this.db.prepare(`DELETE FROM ${table} WHERE rowid IN (${select} LIMIT ${BATCH})`);
    let total = 0;
    for (;;) {
      if (!this.db.open) return total;
      const removed = stmt.run(...params).changes;
      total += removed;
      if (removed < BATCH) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Runs the purge now and then daily; returns the stop function. */
  startJob(onError: (e: unknown) => void = (e) => console.error('[audit] retention job failed:', e)): () => void {
    const run = () => {
      if (this.db.open) this.apply().catch(onError);
    };
    // The first pass waits until start-up is over: nothing at start waits on it (a purge of
    // a store-sized audit trail would delay the first answers).
    const first = setTimeout(run, FIRST_RUN_DELAY_MS);
    const daily = setInterval(run, DAY_MS);
    first.unref?.();
    daily.unref?.();
    return () => {
      clearTimeout(first);
      clearInterval(daily);
    };
  }
}
