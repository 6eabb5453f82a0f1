import type { ApiRecord, ConvertResult, Page, PipelineSummary } from '../api-types';
import { op, prefixed, type Query } from './signature';

/** A record's writable fields; which ones depends on the entity and its custom fields. */
export type RecordInput = Record<string, unknown>;

export interface BulkBody {
  action: 'update' | 'delete' | 'restore';
  ids: string[];
  changes?: RecordInput;
}

/** The REST surface of one entity, mirroring `recordOperations` in record-operations.ts. */
function recordSignatures<const R extends string>(r: R) {
  return prefixed(r, {
    list: op(`GET /api/v1/${r}/`).as<{ query: Query; response: Page<ApiRecord> }>(),
    create: op(`POST /api/v1/${r}/`).as<{ body: RecordInput; response: ApiRecord }>(),
    retrieve: op(`GET /api/v1/${r}/{id}/`).as<{ response: ApiRecord }>(),
    replace: op(`PUT /api/v1/${r}/{id}/`).as<{ body: RecordInput; response: ApiRecord }>(),
    update: op(`PATCH /api/v1/${r}/{id}/`).as<{ body: RecordInput; response: ApiRecord }>(),
    destroy: op(`DELETE /api/v1/${r}/{id}/`).as(),
    restore: op(`POST /api/v1/${r}/{id}/restore/`).as<{ response: ApiRecord }>(),
    bulk: op(`POST /api/v1/${r}/bulk/`).as<{ body: BulkBody; response: unknown }>(),
    // CSV: read through `download`, not as JSON.
    export: op(`GET /api/v1/${r}/export/`).as<{ query: Query & { fields?: string } }>(),
  });
}

export const RECORD_SIGNATURES = {
  ...recordSignatures('companies'),
  ...recordSignatures('contacts'),
  ...recordSignatures('leads'),
  ...recordSignatures('opportunities'),
  ...recordSignatures('tasks'),
  ...recordSignatures('activities'),
  'leads.convert': op('POST /api/v1/leads/{id}/convert/').as<{
    body: {
      create_company?: boolean;
      create_opportunity?: boolean;
      opportunity?: { name?: string; amount?: number; close_date?: string; stage?: string };
    };
    response: ConvertResult;
  }>(),
  'opportunities.summary': op('GET /api/v1/opportunities/summary/').as<{ query: Query & { group_by?: 'stage' | 'owner' }; response: PipelineSummary }>(),
  'tasks.complete': op('POST /api/v1/tasks/{id}/complete/').as<{ response: ApiRecord }>(),
  'tags.list': op('GET /api/v1/tags/').as<{ query: { model?: string; search?: string }; response: unknown }>(),
  'system.status': op('GET /api/v1/system/status/').as<{ response: unknown }>(),
};

/** The resources served by the generic record operations. */
export type RecordResource = 'companies' | 'contacts' | 'leads' | 'opportunities' | 'tasks' | 'activities';

export type RecordVerb = 'list' | 'create' | 'retrieve' | 'replace' | 'update' | 'destroy' | 'restore' | 'bulk' | 'export';

/** `recordOp('leads', 'update')` -> `'leads.update'`, typed as that operation id. */
export function recordOp<R extends RecordResource, V extends RecordVerb>(resource: R, verb: V): `${R}.${V}` {
  return `${resource}.${verb}`;
}
