import type { Caller } from '../../core/handler';
import { entityByName } from '../../../shared/entities/entities';
import { pageOf as readPage, type QueryParams } from '../query';
import type { BulkChange, RecordsEngine } from '../records';
import { QueryReader } from './query-params';
import { masked } from './audit-values';
import { recordVisibilitySql } from './audit-scope';
import { pageOf, type Page } from './audit-trail';
import type { AuditWriter } from './audit-writer';
import type { StatementCache } from '../../db/statement-cache';

export interface SnapshotRow {
  id: string;
  at: string;
  model: string;
  object_id: string;
  reason: string;
  audit_id: string | null;
  actor: string | null;
  data: string;
}

export function serializeSnapshot(r: SnapshotRow): Record<string, unknown> {
  return {
    id: r.id,
    model_name: r.model,
    object_id: r.object_id,
    reason: r.reason,
    audit_id: r.audit_id,
    user_id: r.actor,
    timestamp: r.at,
    data: JSON.parse(r.data),
  };
}

/** Snapshots of whole records, taken at delete and before bulk changes. */
export class Snapshots {
  constructor(
    private readonly records: RecordsEngine,
    private readonly writer: AuditWriter,
    private readonly statements: StatementCache,
  ) {}

  list(caller: Caller, query: QueryParams, models: readonly string[]): Page<SnapshotRow> {
    const q = new QueryReader(query, ['model', 'object_id', 'reason', 'page', 'page_size']);
    const where: { sql: string; params: unknown[] }[] = [];
    const visible = recordVisibilitySql(caller);
    if (visible) where.push(visible);
    const model = q.oneOf('model', models);
    if (model) where.push({ sql: 'model = ?', params: [model] });
    const objectId = q.string('object_id');
    if (objectId) where.push({ sql: 'object_id = ?', params: [objectId] });
    const reason = q.oneOf('reason', ['delete', 'bulk'] as const);
    if (reason) where.push({ sql: 'reason = ?', params: [reason] });
    const { page, pageSize } = readPage(query);
    q.done();
    return pageOf(this.statements, 'record_snapshots', where, 'at DESC, rowid DESC', page, pageSize);
  }

  /**
   * A bulk change gets one `bulk_<action>` entry and a snapshot of every listed record, in
   * the bulk change's own transaction, so a failed batch leaves neither behind.
   */
  recordBulk(bulk: BulkChange): void {
    const entity = entityByName(bulk.entity);
    if (!entity) return;
    const at = this.records.now().toISOString();
    const n = bulk.ids.length;
    const auditId = this.writer.write({
      at,
      actor: bulk.ctx.actor,
      action: `bulk_${bulk.action}`,
      model: entity.name,
      objectId: null,
      objectRepr: `${n} ${entity.label.toLowerCase()} records`,
      description: `Bulk ${bulk.action} of ${n} ${entity.resource}`,
      changes: bulk.changes ? Object.keys(bulk.changes) : [],
      newValues: { ids: bulk.ids, ...(bulk.changes ? { changes: masked('changes', bulk.changes) } : {}) },
      origin: bulk.ctx.origin,
    });
    for (const recordId of bulk.ids) {
      const values = this.records.currentValues(entity, recordId);
      if (values) this.writer.snapshot(entity.name, recordId, 'bulk', values, auditId, bulk.ctx.actor, at);
    }
  }
}
