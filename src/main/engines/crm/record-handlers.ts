import { validationError, type FieldErrors } from '../../../shared/errors';
import type { EntityDef } from '../../../shared/entities/field-def';
import { BULK_BODY, RECORD_ENTITIES } from '../../../shared/contract/record-operations';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { withBody, type BodyOf, type RequestWith } from '../../core/typed-handler';
import { listEnvelope, type ListQueryEngine } from '../query';
import { writeContext, type RecordReader, type RecordsEngine } from '../records';
import { guardBulkEntityRules, guardEntityRules } from './entity-rule-guard';

export interface CrmDeps {
  records: RecordsEngine;
  reader: RecordReader;
  query: ListQueryEngine;
}

const MAX_BULK = 1000;

type BulkBody = BodyOf<typeof BULK_BODY>;

function bulk(deps: CrmDeps, entity: EntityDef, req: RequestWith<BulkBody>) {
  const body = req.body;
  const errors: FieldErrors = {};
  const action = body.action;
  if (action !== 'update' && action !== 'delete' && action !== 'restore') errors.action = ['One of: update, delete, restore.'];
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BULK || !ids.every((id) => typeof id === 'string')) {
    errors.ids = [`A list of 1 to ${MAX_BULK} record ids.`];
  }
  if (action === 'update' && (typeof body.changes !== 'object' || body.changes === null)) errors.changes = ['An object of field values.'];
  for (const key of Object.keys(body)) if (!['action', 'ids', 'changes'].includes(key)) errors[key] = ['Unknown field.'];
  if (Object.keys(errors).length) throw validationError(errors);
  const changes = body.changes ?? {};
  if (action === 'update') guardBulkEntityRules(deps.records, entity, ids, changes);
  const count = deps.records.bulk({
    entity: entity.name,
    action,
    ids,
    changes: action === 'update' ? changes : null,
    ctx: writeContext(req),
  });
  return { action, count, ids };
}

/** CRUD handlers of one entity, derived from its definition. */
export function recordHandlers(deps: CrmDeps, entity: EntityDef): HandlerMap {
  const r = entity.resource;
  const { records, reader, query } = deps;
  const serialize = (req: HandlerRequest, values: Record<string, unknown>) =>
    reader.get(entity, String(values.id), { includeDeleted: true, viewer: requireCaller(req) });
  return {
    [`${r}.list`]: (req) => {
      const caller = requireCaller(req);
      const result = query.list(entity, req.query, { viewer: caller });
      return listEnvelope(result, reader.serialize(entity, result.rows, caller), req);
    },
    [`${r}.retrieve`]: (req) => {
      const caller = requireCaller(req);
      const record = reader.get(entity, req.params.id, { viewer: caller });
      records.events.emit('record.viewed', { entity: entity.name, id: req.params.id, actor: caller.id, at: records.now().toISOString() });
      return record;
    },
    // Single-record writes go through group commit; the answer is read after the commit.
    [`${r}.create`]: async (req) => serialize(req, await records.batched(() => records.create(entity.name, req.body, writeContext(req)))),
    [`${r}.replace`]: async (req) =>
      serialize(
        req,
        await records.batched(() => {
          guardEntityRules(records, entity, req.params.id, req.body, 'replace');
          return records.update(entity.name, req.params.id, req.body, writeContext(req), 'replace', { ifVersion: req.ifMatch });
        }),
      ),
    [`${r}.update`]: async (req) =>
      serialize(
        req,
        await records.batched(() => {
          guardEntityRules(records, entity, req.params.id, req.body, 'update');
          return records.update(entity.name, req.params.id, req.body, writeContext(req), 'update', { ifVersion: req.ifMatch });
        }),
      ),
    [`${r}.destroy`]: async (req) => {
      await records.batched(() => records.remove(entity.name, req.params.id, writeContext(req)));
      return undefined;
    },
    [`${r}.restore`]: async (req) => serialize(req, await records.batched(() => records.restore(entity.name, req.params.id, writeContext(req)))),
    [`${r}.bulk`]: withBody(BULK_BODY, (req) => bulk(deps, entity, req)),
  };
}

export function allRecordHandlers(deps: CrmDeps): HandlerMap {
  return Object.assign({}, ...RECORD_ENTITIES.map((e) => recordHandlers(deps, e)));
}
