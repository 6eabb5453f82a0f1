import { entityByName } from '../../shared/entities/entities';
import type { OperationId } from '../../shared/contract/signatures';

/**
 * A query's cache key: its operation id, its path parameters and its query, so two screens
 * asking the same thing share one answer and an invalidation can aim by id, record or model.
 */
export type ApiQueryKey = readonly [OperationId, Record<string, string>, Record<string, unknown>];

export function apiQueryKey(id: OperationId, params?: Record<string, string>, query?: object): ApiQueryKey {
  return [id, params ?? {}, (query ?? {}) as Record<string, unknown>];
}

/** Operations about one record, keyed by model and object id in their query or params. */
const RECORD_HISTORY = new Set<string>(['field_history.list', 'timeline.entity', 'conflicts.list']);

/**
 * Whether a cached answer may be out of date once a record of `entity` (`lead`, `task`, ...)
 * changed: that model's lists and summaries, that record, its history and timeline. Lists of
 * other models stay (a company's related-deals list is an `opportunities.list`, refreshed by
 * opportunity changes).
 */
export function isAffectedBy(key: readonly unknown[], entity: string, ids: ReadonlySet<string>): boolean {
  const [id, params, query] = key as ApiQueryKey;
  if (typeof id !== 'string') return false;
  const resource = entityByName(entity)?.resource;
  if (resource && id.startsWith(`${resource}.`)) {
    if (id === `${resource}.retrieve`) return ids.size === 0 || ids.has(params.id);
    return true;
  }
  if (entity === 'user' && id.startsWith('users.')) return true;
  // Any record of the model may now match a possible duplicate.
  if (id === 'duplicates.find') return query.model === entity;
  // A record's timeline lists the activities and tasks linked to it.
  if (id === 'timeline.entity' && (entity === 'activity' || entity === 'task')) return true;
  if (RECORD_HISTORY.has(id)) {
    const model = query.model ?? params.entity_type;
    const objectId = query.object_id ?? params.entity_id;
    return model === entity && (ids.size === 0 || ids.has(String(objectId)));
  }
  // A dashboard widget's figures may read any model (the server's cache answers unaffected ones cheaply).
  return id === 'widgets.data';
}
