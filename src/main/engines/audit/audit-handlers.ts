import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { notFound } from '../../../shared/errors';
import { listEnvelope } from '../query';
import type { RecordReader } from '../records';
import { mayReadRecordHistory, AUDIT_MODELS } from './audit-scope';
import { serializeEntry } from './audit-trail';
import { serializeSnapshot } from './snapshots';
import { QueryReader } from './query-params';
import type { AuditEngine } from './audit-engine';
import { CustomFieldRedaction, type CustomFieldVisibility } from './custom-field-redaction';

const writeContext = (req: HandlerRequest) => ({ actor: requireCaller(req).id, origin: req.origin });

/** Handlers of the audit operations (src/shared/contract/audit-operations.ts). */
export function auditHandlers(audit: AuditEngine, reader: RecordReader, customFieldVisible: CustomFieldVisibility | null = null): HandlerMap {
  const { trail, fieldHistory, history, snapshots, retention } = audit;
  const redact = new CustomFieldRedaction(customFieldVisible);
  const recordFor = (req: HandlerRequest) => {
    const entity = history.entity(req.params.model);
    if (!mayReadRecordHistory(requireCaller(req), entity.name, req.params.id)) throw notFound(entity.label);
    return entity;
  };
  return {
    'audit_trail.list': (req) => {
      const page = trail.list(requireCaller(req), req.query);
      return listEnvelope({ ...page, rows: [] }, page.rows.map((r) => redact.entry(requireCaller(req), serializeEntry(r))), req);
    },
    'audit_trail.retrieve': (req) => redact.entry(requireCaller(req), serializeEntry(trail.get(requireCaller(req), req.params.id))),
    'audit_trail.stats': (req) => trail.stats(req.query, audit.deps.clock.now()),
    'audit_trail.snapshots': (req) => {
      const page = snapshots.list(requireCaller(req), req.query, AUDIT_MODELS);
      return listEnvelope({ ...page, rows: [] }, page.rows.map(serializeSnapshot), req);
    },
    'field_history.list': (req) => {
      const page = fieldHistory.list(requireCaller(req), req.query);
      return listEnvelope({ ...page, rows: [] }, redact.historyRows(requireCaller(req), fieldHistory.serialize(page.rows)), req);
    },
    'field_history.retrieve': (req) => {
      const [row] = redact.historyRows(requireCaller(req), fieldHistory.serialize([fieldHistory.get(requireCaller(req), req.params.id)]));
      if (!row) throw notFound('Field history entry');
      return row;
    },
    'record_history.as_of': (req) => {
      const entity = recordFor(req);
      const q = new QueryReader(req.query, ['at']);
      const at = q.string('at');
      if (at === undefined) q.fail('at', 'An ISO 8601 datetime or an audit entry id is required.');
      q.done();
      return history.asOf(entity, req.params.id, history.point('at', at, req.params.id));
    },
    'record_history.revert': (req) => {
      const entity = recordFor(req);
      const result = history.revert(entity, req.params.id, req.body, writeContext(req));
      return { ...result, record: reader.get(entity, req.params.id, { includeDeleted: true, viewer: requireCaller(req) }) };
    },
    'audit_settings.retrieve': () => audit.settings(),
    'audit_settings.update': (req) => audit.updateSettings(req.body, requireCaller(req).id, req.origin),
    'audit_retention.list': () => {
      const results = retention.list();
      return { count: results.length, next: null, previous: null, results };
    },
    'audit_retention.create': (req) => retention.create(req.body, requireCaller(req).id, req.origin),
    'audit_retention.retrieve': (req) => retention.get(req.params.id),
    'audit_retention.update': (req) => retention.update(req.params.id, req.body, requireCaller(req).id, req.origin),
    'audit_retention.destroy': (req) => {
      retention.remove(req.params.id, requireCaller(req).id, req.origin);
      return undefined;
    },
    'audit_retention.apply': (req) => retention.apply(requireCaller(req).id, req.origin),
  };
}
