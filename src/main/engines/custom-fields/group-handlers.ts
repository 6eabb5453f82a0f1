import { newId } from '../../core/ids';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import type { CustomFieldsEngine } from './custom-fields-engine';
import type { GroupRow } from './definition-store';
import { contentTypeOf, modelOf } from './field-types';
import { pageOf, pagedList } from './paging';
import { isJsonObject } from '../../core/json-object';

function groupObject(g: GroupRow) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    order: g.sort_order,
    content_type: contentTypeOf(g.entity)?.id ?? null,
    model: g.entity,
    created_at: g.created_at,
    updated_at: g.updated_at,
  };
}

/** Checks a group body; PATCH starts from the stored group. The content type is fixed once created. */
function parseGroup(body: unknown, existing: GroupRow | null, partial: boolean): Pick<GroupRow, 'entity' | 'name' | 'description' | 'sort_order'> {
  if (!isJsonObject(body)) throw validationError({ non_field_errors: ['Invalid data. Expected a JSON object.'] });
  const input = body;
  const errors: FieldErrors = {};
  const out = {
    entity: existing?.entity ?? '',
    name: partial ? (existing?.name ?? '') : '',
    description: partial ? (existing?.description ?? null) : null,
    sort_order: partial ? (existing?.sort_order ?? 0) : 0,
  };
  for (const [key, raw] of Object.entries(input)) {
    if (['id', 'model', 'created_at', 'updated_at'].includes(key)) continue;
    if (key === 'name') {
      if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 100) errors.name = ['A name of 1 to 100 characters is required.'];
      else out.name = raw.trim();
    } else if (key === 'description') {
      if (raw !== null && (typeof raw !== 'string' || raw.length > 1000)) errors.description = ['Ensure this field has no more than 1000 characters.'];
      else out.description = raw as string | null;
    } else if (key === 'order') {
      if (!Number.isInteger(raw)) errors.order = ['A valid integer is required.'];
      else out.sort_order = raw as number;
    } else if (key === 'content_type') {
      const model = modelOf(raw);
      if (!model) errors.content_type = [`"${String(raw)}" is not a valid content type (see /api/v1/content-types/).`];
      else if (existing && existing.entity !== model) errors.content_type = ['The content type of a group cannot be changed.'];
      else out.entity = model;
    } else errors[key] = ['Unknown field.'];
  }
  if (!out.name) errors.name ??= ['This field is required.'];
  if (!out.entity) errors.content_type ??= ['This field is required.'];
  if (Object.keys(errors).length) throw validationError(errors);
  return out;
}

/** `/api/v1/custom-field-groups/`: named sections of a form; fields point at them by id. */
export function groupHandlers(engine: CustomFieldsEngine): HandlerMap {
  const { store } = engine;
  const now = () => engine.deps.clock.now().toISOString();
  const get = (id: string) =>
    store.group(id) ??
    (() => {
      throw notFound('Custom field group');
    })();
  const save = (req: HandlerRequest, partial: boolean) => {
    const existing = get(req.params.id);
    const next = parseGroup(req.body, existing, partial);
    store.updateGroup({ ...existing, ...next }, req.caller?.id ?? null);
    return groupObject(get(existing.id));
  };
  return {
    'custom_field_groups.list': (req) => {
      requireCaller(req);
      const model = req.query.model === undefined ? undefined : modelOf(req.query.model);
      if (req.query.model !== undefined && !model) throw validationError({ model: [`"${String(req.query.model)}" is not a valid model.`] });
      const all = store
        .groups()
        .filter((g) => !model || g.entity === model)
        .map(groupObject);
      return pagedList(all, pageOf(req), req);
    },
    'custom_field_groups.create': (req) => {
      const g = parseGroup(req.body, null, false);
      const id = newId();
      store.insertGroup({ id, ...g }, req.caller?.id ?? null);
      return groupObject(get(id));
    },
    'custom_field_groups.retrieve': (req) => groupObject(get(req.params.id)),
    'custom_field_groups.replace': (req) => save(req, false),
    'custom_field_groups.update': (req) => save(req, true),
    'custom_field_groups.destroy': (req) => {
      const g = get(req.params.id);
      const inUse = store.live(g.entity).filter((d) => d.group === g.id);
      if (inUse.length) throw new AppError('conflict', `The group still holds fields: ${inUse.map((d) => d.name).join(', ')}. Move or delete them first.`);
      store.updateGroup({ ...g, deleted_at: now() }, req.caller?.id ?? null);
      return undefined;
    },
  };
}
