import { AppError } from '../../../shared/errors';
import type { HandlerRequest } from '../../core/handler';
import { listEnvelope, pageOf as readPage, type ListEnvelope } from '../query';

export interface Page {
  page: number;
  pageSize: number;
}

/** `page` and `page_size` as every list endpoint reads them (default 20, at most 100). */
export function pageOf(req: HandlerRequest): Page {
  return readPage(req.query);
}

/** The envelope of a list already held in memory (definitions, groups: a few hundred at most). */
export function pagedList<T>(items: T[], { page, pageSize }: Page, req: HandlerRequest): ListEnvelope<T> {
  if (page > 1 && (page - 1) * pageSize >= items.length) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
  const results = items.slice((page - 1) * pageSize, page * pageSize);
  return listEnvelope({ count: items.length, page, pageSize, rows: [] }, results, req);
}
