import { RECORD_ENTITIES } from '../../../shared/contract/record-operations';
import { RawResponse, requireCaller, type HandlerMap } from '../../core/handler';
import { listEnvelope, pageOf } from '../query';
import type { DataTransferEngine } from './data-transfer-engine';

export function dataTransferHandlers(engine: DataTransferEngine): HandlerMap {
  const handlers: HandlerMap = {
    'imports.create': async (req) => {
      const started = await engine.startImport(req.body, requireCaller(req));
      return started.dryRun ? RawResponse.json(200, started.result) : started.result;
    },
    'imports.list': (req) => {
      const { page, pageSize } = pageOf(req.query);
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
