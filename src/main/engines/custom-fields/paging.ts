import { AppError, validationError } from '../../../shared/errors';
import type { HandlerRequest } from '../../core/handler';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, listEnvelope, type ListEnvelope } from '../query';

export interface Page {
  page: number;
  pageSize: number;
}

function positive(req: HandlerRequest, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw validationError({ [name]: ['A positive integer is required.'] });
  return Number(raw);
}

/** `page` and `page_size` as every list endpoint reads them (default 20, at most 100). */
export function pageOf(req: HandlerRequest): Page {
  return { page: positive(req, 'page') ?? 1, pageSize: Math.min(positive(req, 'page_size') ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}

/** The envelope of a list already held in memory (definitions, groups: a few hundred at most). */
export function pagedList<T>(items: T[], { page, pageSize }: Page, req: HandlerRequest): ListEnvelope<T> {
  if (page > 1 && (page - 1) * pageSize >= items.length) throw new AppError('not_found', 'Invalid page.', { page: ['Invalid page.'] });
  const results = items.slice((page - 1) * pageSize, page * pageSize);
  return listEnvelope({ count: items.length, page, pageSize, rows: [] }, results, req);
}
