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
import { assertUserChange, assertUserLifecycle, userViewFor, BRIEF_USER_FIELDS, seesWholeAccount } from '../auth';
import type { Caller } from '../../core/handler';
import { objectOr } from '../../core/json-object';
import { withBody } from '../../core/typed-handler';
import { AUDIT_SETTINGS_BODY, REVERT_BODY } from '../../../shared/contract/audit-operations';

const BRIEF = new Set<string>(BRIEF_USER_FIELDS);

/** Audit entries about an account show a non-admin teammate only the brief fields, as `/users/{id}/` does. */
function accountEntry(caller: Caller, entry: Record<string, unknown>): Record<string, unknown> {
  if (entry.model_name !== 'user' || seesWholeAccount(caller, String(entry.object_id))) return entry;
  const brief = (values: unknown) => (values && typeof values === 'object' ? Object.fromEntries(Object.entries(values).filter(([k]) => BRIEF.has(k))) : values);
  return {
    ...entry,
    changes: Array.isArray(entry.changes) ? entry.changes.filter((k) => BRIEF.has(String(k))) : entry.changes,
    old_values: brief(entry.old_values),
    new_values: brief(entry.new_values),
  };
}

function accountHistoryRows<T extends { model_name?: unknown; object_id?: unknown; field_name?: unknown }>(caller: Caller, rows: T[]): T[] {
  return rows.filter((r) => r.model_name !== 'user' || seesWholeAccount(caller, String(r.object_id)) || BRIEF.has(String(r.field_name)));
}

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
      return listEnvelope(
        { ...page, rows: [] },
        page.rows.map((r) => accountEntry(requireCaller(req), redact.entry(requireCaller(req), serializeEntry(r)))),
        req,
      );
    },
    'audit_trail.retrieve': (req) =>
      accountEntry(requireCaller(req), redact.entry(requireCaller(req), serializeEntry(trail.get(requireCaller(req), req.params.id)))),
    'audit_trail.stats': (req) => trail.stats(req.query, audit.deps.clock.now()),
    'audit_trail.snapshots': (req) => {
      const page = snapshots.list(requireCaller(req), req.query, AUDIT_MODELS);
      const caller = requireCaller(req);
      const rows = page.rows
        .map(serializeSnapshot)
        .map((snap) => (snap.model_name === 'user' ? { ...snap, data: userViewFor(caller, String(snap.object_id), objectOr(snap.data)) } : snap));
      return listEnvelope({ ...page, rows: [] }, rows, req);
    },
    'field_history.list': (req) => {
      const page = fieldHistory.list(requireCaller(req), req.query);
      const rows = accountHistoryRows(requireCaller(req), redact.historyRows(requireCaller(req), fieldHistory.serialize(page.rows)));
      return listEnvelope({ ...page, rows: [] }, rows, req);
    },
    'field_history.retrieve': (req) => {
      const rows = fieldHistory.serialize([fieldHistory.get(requireCaller(req), req.params.id)]);
      const [row] = accountHistoryRows(requireCaller(req), redact.historyRows(requireCaller(req), rows));
      if (!row) throw notFound('Field history entry');
      return row;
    },
    'record_history.as_of': (req) => {
      const entity = recordFor(req);
      const q = new QueryReader(req.query, ['at']);
      const at = q.string('at');
      if (at === undefined) q.fail('at', 'An ISO 8601 datetime or an audit entry id is required.');
      q.done();
      const past = history.asOf(entity, req.params.id, history.point('at', at, req.params.id));
      if (entity.name !== 'user' || !past.values) return past;
      return { ...past, values: userViewFor(requireCaller(req), req.params.id, past.values) };
    },
    'record_history.revert': withBody(REVERT_BODY, (req) => {
      const entity = recordFor(req);
      const caller = requireCaller(req);
      // A revert of an account is a change to it: the users endpoints' rules apply.
      const guard =
        entity.name !== 'user'
          ? undefined
          : (changes: Record<string, unknown>, restore: boolean) => {
              if (restore) assertUserLifecycle(caller, req.params.id);
              assertUserChange(caller, req.params.id, changes);
            };
      const visibleCustom = (name: string) => !customFieldVisible || caller.role === 'admin' || customFieldVisible(entity.name, name, caller.role);
      const result = history.revert(entity, req.params.id, req.body, writeContext(req), guard, visibleCustom);
      return { ...result, record: reader.get(entity, req.params.id, { includeDeleted: true, viewer: requireCaller(req) }) };
    }),
    'audit_settings.retrieve': () => audit.settings(),
    'audit_settings.update': withBody(AUDIT_SETTINGS_BODY, (req) => audit.updateSettings(req.body, requireCaller(req).id, req.origin)),
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
