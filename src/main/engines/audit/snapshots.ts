import type { Caller, HandlerMap } from '../../core/handler';
import { requireCaller } from '../../core/handler';
import { entityByResource } from '../../../shared/entities/entities';
import { RECORD_ENTITIES } from '../../../shared/contract/record-operations';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type QueryParams } from '../query';
import type { RecordsEngine } from '../records';
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
  return { id: r.id, model_name: r.model, object_id: r.object_id, reason: r.reason, audit_id: r.audit_id, user_id: r.actor, timestamp: r.at, data: JSON.parse(r.data) };
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
    const page = q.int('page', 1, 1_000_000) ?? 1;
    const pageSize = q.int('page_size', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
    q.done();
    return pageOf(this.statements, 'record_snapshots', where, 'at DESC, rowid DESC', page, pageSize);
  }

  /**
   * Wraps the bulk handlers: one `bulk_<action>` entry and a snapshot of every listed record,
   * in the bulk change's own transaction, so a failed batch leaves neither behind.
   */
  wrapBulkHandlers(handlers: HandlerMap): HandlerMap {
    const wrapped: HandlerMap = {};
    for (const entity of RECORD_ENTITIES) {
      const id = `${entity.resource}.bulk`;
      const inner = handlers[id];
      if (!inner) continue;
      wrapped[id] = (req) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const ids = Array.isArray(body.ids) ? body.ids.filter((x): x is string => typeof x === 'string') : [];
        const action = typeof body.action === 'string' ? body.action : '';
        if (!['update', 'delete', 'restore'].includes(action) || ids.length === 0) return inner(req);
        const caller = requireCaller(req);
        return this.records.transaction(() => {
          const at = this.records.now().toISOString();
          const auditId = this.writer.write({
            at, actor: caller.id, action: `bulk_${action}`, model: entity.name, objectId: null,
            objectRepr: `${ids.length} ${entityByResource(entity.resource)?.label.toLowerCase() ?? entity.name} records`,
            description: `Bulk ${action} of ${ids.length} ${entity.resource}`,
            changes: action === 'update' && body.changes && typeof body.changes === 'object' ? Object.keys(body.changes) : [],
            newValues: { ids, ...(action === 'update' ? { changes: masked('changes', body.changes) } : {}) }, origin: req.origin,
          });
          for (const recordId of ids) {
            const values = this.records.currentValues(entity, recordId);
            if (values) this.writer.snapshot(entity.name, recordId, 'bulk', values, auditId, caller.id, at);
          }
          return inner(req);
        });
      };
    }
    return wrapped;
  }
}
