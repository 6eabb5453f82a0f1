import type { Db, Stmt } from '../../db/open-database';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { allFields, customFieldName } from '../../../shared/entities/field-def';
import { pageOf, type QueryParams } from '../query';
import type { RecordsEngine, WriteContext } from '../records';
import { objectOr } from '../../core/json-object';
import { ownEntry } from '../../../shared/own-entry';

interface ConflictRow {
  id: string;
  entity: string;
  record_id: string;
  field: string;
  losing_value: string | null;
  losing_hlc: string;
  winning_value: string | null;
  winning_hlc: string;
  detected_at: string;
  resolved_at: string | null;
  resolution: string | null;
  resolved_by: string | null;
}

const STATUSES: Record<string, string> = { open: 'resolved_at IS NULL', resolved: 'resolved_at IS NOT NULL', all: '1' };

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * The conflict list of DESIGN.md section 3: when a merge makes one concurrent edit win, the
 * other value is kept here. Restoring it is an ordinary edit through the write path (audited,
 * synced to the team); dismissing keeps the current value. Either closes the conflict.
 */
export class ConflictsEngine {
  private readonly get: Stmt;
  private readonly close: Stmt;

  constructor(
    private readonly db: Db,
    private readonly records: RecordsEngine,
  ) {
    this.get = db.prepare('SELECT * FROM record_conflicts WHERE id = ?');
    // The write that settles a conflict already closed it as superseded; this names how.
    this.close = db.prepare('UPDATE record_conflicts SET resolved_at = ?, resolution = ?, resolved_by = ? WHERE id = ?');
  }

  list(query: QueryParams): { count: number; page: number; pageSize: number; results: Record<string, unknown>[] } {
    const errors: FieldErrors = {};
    const one = (name: string) => {
      const v = query[name];
      if (Array.isArray(v)) errors[name] = ['Give this parameter once.'];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const model = one('model');
    const objectId = one('object_id');
    const status = one('status') ?? 'open';
    const { page, pageSize } = pageOf(query);
    if (model !== undefined && !entityByName(model)) errors.model = [`Unknown model "${model}".`];
    const statusWhere = ownEntry(STATUSES, status);
    if (!statusWhere) errors.status = ['One of: open, resolved, all.'];
    if (Object.keys(errors).length || !statusWhere) throw validationError(errors);

    const where = [statusWhere];
    const params: unknown[] = [];
    if (model) where.push('entity = ?') && params.push(model);
    if (objectId) where.push('record_id = ?') && params.push(objectId);
    const sql = `FROM record_conflicts WHERE ${where.join(' AND ')}`;
    const count = this.db
      .prepare(`SELECT count(*) ${sql}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(`SELECT * ${sql} ORDER BY detected_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, pageSize, (page - 1) * pageSize) as ConflictRow[];
    return { count, page, pageSize, results: rows.map((r) => this.serialize(r)) };
  }

  retrieve(id: string): Record<string, unknown> {
    return this.serialize(this.row(id));
  }

  restore(id: string, ctx: WriteContext): Record<string, unknown> {
    return this.records.transaction(() => {
      const row = this.openRow(id);
      const value = parse(row.losing_value);
      const custom = customFieldName(row.field);
      const body = custom !== null ? { custom_fields: { [custom]: value } } : { [row.field]: value };
      if (row.field === 'deleted_at') {
        if (value === null) this.records.restore(row.entity, row.record_id, ctx);
        else this.records.remove(row.entity, row.record_id, ctx);
      } else {
        this.records.update(row.entity, row.record_id, body, ctx);
      }
      this.close.run(this.records.now().toISOString(), 'restored', ctx.actor, id);
      return this.serialize(this.row(id));
    });
  }

  /** Keeps the current value: a write of it, so the conflict closes on every install of the team. */
  dismiss(id: string, ctx: WriteContext): Record<string, unknown> {
    return this.records.transaction(() => {
      const row = this.openRow(id);
      this.records.settle(row.entity, row.record_id, row.field, ctx);
      this.close.run(this.records.now().toISOString(), 'dismissed', ctx.actor, id);
      return this.serialize(this.row(id));
    });
  }

  private row(id: string): ConflictRow {
    const row = this.get.get(id) as ConflictRow | undefined;
    if (!row) throw notFound('Conflict');
    return row;
  }

  private openRow(id: string): ConflictRow {
    const row = this.row(id);
    if (row.resolved_at) throw new AppError('conflict', `This conflict was already ${row.resolution ?? 'resolved'}.`);
    return row;
  }

  private serialize(r: ConflictRow): Record<string, unknown> {
    const entity = entityByName(r.entity);
    const current = entity ? this.records.currentValues(entity, r.record_id) : null;
    const custom = customFieldName(r.field);
    const currentValue = custom !== null ? (objectOr(current?.custom_fields)[custom] ?? null) : (current?.[r.field] ?? null);
    return {
      id: r.id,
      model: r.entity,
      object_id: r.record_id,
      field: r.field,
      field_label: custom ?? (entity ? (allFields(entity)[r.field]?.label ?? r.field) : r.field),
      losing_value: parse(r.losing_value),
      winning_value: parse(r.winning_value),
      current_value: currentValue,
      detected_at: r.detected_at,
      resolved_at: r.resolved_at,
      resolution: r.resolution,
      resolved_by: r.resolved_by,
    };
  }
}
