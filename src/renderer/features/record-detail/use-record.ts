import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../api/api-error';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError, isAbort } from '../../ui/as-api-error';
import type { ResourceDef } from '../records/record-resources';
import type { ApiRecord } from '../records/record-title';
import { DELETED_FILTER } from '../records/list-query';
import { recordOp } from '../../../shared/contract/signatures';

/** One record, refetched when the activity socket reports a change to it. */
export function useRecord(resource: ResourceDef, id: string) {
  const api = useApi();
  const [record, setRecord] = useState<ApiRecord | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    api
      .call(recordOp(resource.name, 'retrieve'), { params: { id }, signal: controller.signal })
      .catch(async (err: unknown) => {
        // A deleted record is not served by id, but the list still finds it (to show it read-only with Restore).
        if (asApiError(err).status !== 404) throw err;
        const page = await api.call(recordOp(resource.name, 'list'), { query: { id, [DELETED_FILTER]: 'false' }, signal: controller.signal });
        const found = page.results.find((r) => r.id === id);
        if (!found) throw err;
        return found;
      })
      .then((r) => {
        setRecord(r);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(asApiError(err));
      });
    return () => controller.abort();
  }, [api, resource.name, id, version]);

  useEntityChanges([resource.entity.name], (ids) => {
    if (ids.size === 0 || ids.has(id)) reload();
  });

  return { record, error, reload, setRecord };
}
