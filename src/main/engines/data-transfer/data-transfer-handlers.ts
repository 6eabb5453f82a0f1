import { validationError, type FieldErrors } from '../../../shared/errors';
import { RECORD_ENTITIES } from '../../../shared/contract/record-operations';
import { RawResponse, requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { DEFAULT_PAGE_SIZE, listEnvelope, MAX_PAGE_SIZE } from '../query';
import type { DataTransferEngine } from './data-transfer-engine';

function paging(req: HandlerRequest): { page: number; pageSize: number } {
  const errors: FieldErrors = {};
  const read = (name: string, fallback: number): number => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) {
      errors[name] = ['A positive integer is required.'];
      return fallback;
    }
    return Number(raw);
  };
  const page = read('page', 1);
  const pageSize = Math.min(read('page_size', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  for (const key of Object.keys(req.query)) if (key !== 'page' && key !== 'page_size') errors[key] = [`Unknown filter "${key}".`];
  if (Object.keys(errors).length) throw validationError(errors);
  return { page, pageSize };
}

export function dataTransferHandlers(engine: DataTransferEngine): HandlerMap {
  const handlers: HandlerMap = {
    'imports.create': async (req) => {
      const started = await engine.startImport(req.body, requireCaller(req));
      return started.dryRun ? RawResponse.json(200, started.result) : started.result;
    },
    'imports.list': (req) => {
      const { page, pageSize } = paging(req);
      const { count, rows } = engine.list(requireCaller(req), page, pageSize);
      return listEnvelope({ count, page, pageSize, rows: [] }, rows, req);
    },
    'imports.retrieve': (req) => engine.get(req.params.id, requireCaller(req)),
    'imports.undo': (req) => engine.undo(req.params.id, requireCaller(req)),
  };
  for (const entity of RECORD_ENTITIES) {
    handlers[`${entity.resource}.export`] = (req) => {
      // The byte order mark makes spreadsheet apps read the file as UTF-8 (accented names).
      const csv = `\ufeff${engine.exportCsv(entity, req.query, requireCaller(req))}`;
      return new RawResponse('text/csv; charset=utf-8', csv, {
        'content-disposition': `attachment; filename="${entity.resource}-${engine.today()}.csv"`,
      });
    };
  }
  return handlers;
}
