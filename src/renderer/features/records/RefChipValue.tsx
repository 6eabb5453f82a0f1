import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { RESOURCES, resourceOfEntity } from './record-resources';
import { briefLabel, recordTitle, type ApiRecord } from './record-title';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A filter chip's value when it is a linked record's id ("View all" from a company page):
 * the record's name, never the raw id. Falls back to "a <thing>" if it cannot be read.
 */
export function RefChipValue({ target, value }: { target: string; value: string }) {
  const api = useApi();
  const [label, setLabel] = useState<string | undefined>();
  const resource = resourceOfEntity(target);
  const isId = UUID.test(value);
  useEffect(() => {
    if (!isId) return;
    const controller = new AbortController();
    const path = resource ? `/${resource.name}/${value}/` : target === 'user' ? `/users/${value}/` : undefined;
    if (!path) return;
    api
      .get<ApiRecord>(path, { signal: controller.signal })
      .then((r) => setLabel(resource ? recordTitle(RESOURCES[resource.name], r) : briefLabel(r)))
      .catch(() => !controller.signal.aborted && setLabel(`this ${resource?.singular ?? target}`));
    return () => controller.abort();
  }, [api, isId, resource, target, value]);
  if (!isId) return <>{value}</>;
  return <>{label ?? '…'}</>;
}
