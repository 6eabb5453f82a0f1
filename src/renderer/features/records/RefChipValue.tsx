import { recordOp } from '../../../shared/contract/signatures';
import { useApiQuery } from '../../api/use-api-query';
import { RESOURCES, resourceOfEntity } from './record-resources';
import { briefLabel, recordTitle } from './record-title';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A filter chip's value when it is a linked record's id ("View all" from a company page):
 * the record's name, never the raw id. Falls back to "a <thing>" if it cannot be read.
 */
export function RefChipValue({ target, value }: { target: string; value: string }) {
  const resource = resourceOfEntity(target);
  const isId = UUID.test(value);
  const input = { params: { id: value } };
  const record = useApiQuery(recordOp(resource?.name ?? 'leads', 'retrieve'), input, { enabled: isId && resource !== undefined });
  const user = useApiQuery('users.retrieve', input, { enabled: isId && !resource && target === 'user' });
  if (!isId) return <>{value}</>;
  if (record.isError || user.isError) return <>{`this ${resource?.singular ?? target}`}</>;
  const label = resource ? record.data && recordTitle(RESOURCES[resource.name], record.data) : user.data && briefLabel(user.data);
  return <>{label ?? '…'}</>;
}
