import { ENTITIES } from '../entities/entities';
import type { EntityDef } from '../entities/field-def';
import type { Operation, QueryParamDoc } from './operation';
import { listEnvelope, recordInputSchema, recordSchema, PAGING_QUERY } from './record-schemas';

export const LIST_QUERY_DOCS: QueryParamDoc[] = [
  { name: 'search', description: 'Full-text search over the text fields; each word matches as a prefix.' },
  { name: 'ordering', description: 'Comma-separated fields, `-` for descending (e.g. `-created_at,last_name`).' },
  ...PAGING_QUERY,
  {
    name: '<field>[__lookup]',
    description:
      'Filter on any field: exact, iexact, contains, icontains, startswith, istartswith, endswith, iendswith, gt, gte, lt, lte, in, range, isnull; one-hop relations (`company__industry=`); `tags=a,b` (any of), `tags__all=a,b`; custom fields as `cf_<name>`. Deleted records appear only with a `deleted_at` filter.',
  },
];

export const BULK_BODY = {
  type: 'object',
  required: ['action', 'ids'],
  properties: {
    action: { type: 'string', enum: ['update', 'delete', 'restore'] },
    ids: { type: 'array', items: { type: 'string' }, maxItems: 1000 },
    changes: { type: 'object', description: 'Field values for `update`.' },
  },
} as const;

/** The REST surface of one entity: list, create, read, replace, update, delete, restore, bulk. */
export function recordOperations(entity: EntityDef): Operation[] {
  const base = `/api/v1/${entity.resource}/`;
  const item = `${base}{id}/`;
  const tag = entity.label;
  const r = entity.resource;
  const record = recordSchema(entity);
  return [
    { id: `${r}.list`, method: 'GET', path: base, summary: `List ${r}`, tag, access: 'read', query: LIST_QUERY_DOCS, response: listEnvelope(record) },
    {
      id: `${r}.create`,
      method: 'POST',
      path: base,
      summary: `Create a ${entity.name}`,
      tag,
      access: 'write',
      status: 201,
      requestBody: recordInputSchema(entity, false),
      response: record,
    },
    { id: `${r}.retrieve`, method: 'GET', path: item, summary: `Get one ${entity.name}`, tag, access: 'read', response: record },
    {
      id: `${r}.replace`,
      method: 'PUT',
      path: item,
      summary: `Replace a ${entity.name}`,
      tag,
      access: 'write',
      requestBody: recordInputSchema(entity, false),
      response: record,
    },
    {
      id: `${r}.update`,
      method: 'PATCH',
      path: item,
      summary: `Update fields of a ${entity.name}`,
      tag,
      access: 'write',
      requestBody: recordInputSchema(entity, true),
      response: record,
    },
    { id: `${r}.destroy`, method: 'DELETE', path: item, summary: `Delete a ${entity.name} (restorable)`, tag, access: 'write', status: 204 },
    { id: `${r}.restore`, method: 'POST', path: `${item}restore/`, summary: `Restore a deleted ${entity.name}`, tag, access: 'write', response: record },
    {
      id: `${r}.bulk`,
      method: 'POST',
      path: `${base}bulk/`,
      summary: `Update, delete or restore many ${r} at once (all or nothing)`,
      tag,
      access: 'write',
      requestBody: BULK_BODY,
    },
  ];
}

/** Entities served by the generic record operations (users have their own, admin-managed). */
export const RECORD_ENTITIES = ENTITIES.filter((e) => e.name !== 'user');
