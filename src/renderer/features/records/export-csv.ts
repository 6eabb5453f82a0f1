import type { ApiClient, Query } from '../../api/api-client';
import { recordOp } from '../../../shared/contract/signatures';
import type { ResourceName } from './record-resources';

/**
 * Downloads the current view as CSV from `GET /<resource>/export/`: the list query without
 * paging, plus the visible columns. The server neutralises formula cells.
 */
export async function exportCsv(api: ApiClient, resource: ResourceName, query: Query, fields: string[]): Promise<void> {
  const { blob, filename } = await api.download(recordOp(resource, 'export'), { query: { ...query, fields: fields.join(',') } }, 'text/csv');
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename ?? `${resource}-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 1000);
}
