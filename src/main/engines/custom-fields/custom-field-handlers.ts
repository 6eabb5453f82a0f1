import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { notFound, validationError } from '../../../shared/errors';
import { listEnvelope } from '../query';
import type { WriteContext } from '../records';
import type { CustomFieldsEngine } from './custom-fields-engine';
import { DefinitionWriter } from './definition-writer';
import { roleCanSee } from './field-access';
import { CONTENT_TYPES, contentTypeOf, modelOf, type CustomFieldDef } from './field-types';
import { groupHandlers } from './group-handlers';
import { pageOf, pagedList } from './paging';
import { ValueService } from './value-service';
import { validateCustomValue } from './value-validator';
import { withBody } from '../../core/typed-handler';
import { VALIDATE_VALUE_BODY, VALUE_CREATE_BODY } from '../../../shared/contract/custom-field-operations';

/** A definition as the API returns it: `content_type` as its id, `model` as its name. */
export function definitionObject(def: CustomFieldDef): Record<string, unknown> {
  const { entity, id, ...rest } = def;
  return { id, ...rest, content_type: contentTypeOf(entity)?.id ?? null, model: entity };
}

const ctxOf = (req: HandlerRequest): WriteContext => ({ actor: requireCaller(req).id, origin: req.origin });

function flag(req: HandlerRequest, name: string): boolean | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw validationError({ [name]: ['Must be true or false.'] });
}

function listDefinitions(engine: CustomFieldsEngine, req: HandlerRequest) {
  const caller = requireCaller(req);
  const modelParam = req.query.model ?? req.query.content_type;
  const model = modelParam === undefined ? undefined : modelOf(modelParam);
  if (modelParam !== undefined && !model) throw validationError({ model: [`"${String(modelParam)}" is not a valid model or content type.`] });
  const includeDeleted = flag(req, 'include_deleted') === true && caller.role === 'admin';
  const active = flag(req, 'is_active');
  const { field_type: type, group } = req.query;
  const defs = (model ? [model] : CONTENT_TYPES.map((c) => c.model))
    .flatMap((m) => engine.store.all(m))
    .filter((d) => (includeDeleted || !d.deleted_at) && roleCanSee(d, caller.role))
    .filter(
      (d) => (active === undefined || d.is_active === active) && (type === undefined || d.field_type === type) && (group === undefined || d.group === group),
    );
  return pagedList(defs.map(definitionObject), pageOf(req), req);
}

/** Handlers of the custom field operations (src/shared/contract/custom-field-operations.ts). */
export function customFieldHandlers(engine: CustomFieldsEngine): HandlerMap {
  const writer = new DefinitionWriter(engine);
  const values = new ValueService(engine);
  /** A field the caller's role may not see answers 404, as if it did not exist. */
  const visible = (req: HandlerRequest): CustomFieldDef => {
    const def = engine.store.byId(req.params.id);
    const caller = requireCaller(req);
    if (!def || (def.deleted_at && caller.role !== 'admin') || !roleCanSee(def, caller.role)) throw notFound('Custom field');
    return def;
  };
  return {
    'content_types.list': (req) =>
      pagedList(
        CONTENT_TYPES.map((c) => ({ ...c })),
        { page: 1, pageSize: CONTENT_TYPES.length },
        req,
      ),
    'custom_fields.list': (req) => listDefinitions(engine, req),
    'custom_fields.create': (req) => definitionObject(writer.create(req.body, ctxOf(req))),
    'custom_fields.retrieve': (req) => definitionObject(visible(req)),
    'custom_fields.replace': (req) => definitionObject(writer.update(req.params.id, req.body, 'replace', ctxOf(req))),
    'custom_fields.update': (req) => definitionObject(writer.update(req.params.id, req.body, 'update', ctxOf(req))),
    'custom_fields.destroy': (req) => {
      writer.remove(req.params.id);
      return undefined;
    },
    'custom_fields.restore': (req) => definitionObject(writer.restore(req.params.id)),
    'custom_fields.validate_value': withBody(VALIDATE_VALUE_BODY, (req) => {
      const def = visible(req);
      if (!('value' in req.body)) throw validationError({ value: ['This field is required.'] });
      const result = validateCustomValue(def, req.body.value);
      return result.ok ? { valid: true, value: result.value, errors: [] } : { valid: false, value: null, errors: [result.message] };
    }),
    'custom_field_values.list': (req) => {
      const page = pageOf(req);
      const list = values.list(req.query, requireCaller(req), page.page, page.pageSize);
      return listEnvelope({ count: list.count, page: page.page, pageSize: page.pageSize, rows: [] }, list.results, req);
    },
    'custom_field_values.create': withBody(VALUE_CREATE_BODY, (req) => values.create(req.body, ctxOf(req), requireCaller(req))),
    'custom_field_values.for_object': (req) => {
      const results = values.forObject(req.query, requireCaller(req));
      return { count: results.length, next: null, previous: null, results };
    },
    'custom_field_values.bulk_update': (req) => values.bulkUpdate(req.body, ctxOf(req), requireCaller(req)),
    ...groupHandlers(engine),
  };
}
