import { useEffect, useState } from 'react';
import { recordOp } from '../../../shared/contract/signatures';
import { useApi } from '../../app/api-context';
import { RESOURCES, resourceOfEntity } from './record-resources';
import { briefLabel, recordTitle } from './record-title';

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
    if (!resource && target !== 'user') return;
    const input = { params: { id: value }, signal: controller.signal };
    (resource ? api.call(recordOp(resource.name, 'retrieve'), input) : api.call('users.retrieve', input))
      .then((r) => setLabel(resource ? recordTitle(RESOURCES[resource.name], r) : briefLabel(r)))
      .catch(() => !controller.signal.aborted && setLabel(`this ${resource?.singular ?? target}`));
    return () => controller.abort();
  }, [api, isId, resource, target, value]);
  if (!isId) return <>{value}</>;
  return <>{label ?? '…'}</>;
}
