import { validationError } from '../../../shared/errors';
import { ENTITIES, entityByName } from '../../../shared/entities/entities';
import type { HandlerRequest } from '../../core/handler';
import type { Db } from '../../db/open-database';

/** `GET /tags/`: the tags in use, by count (the records engine keeps them in `record_tags`). */
export function tagsList(db: Db, req: HandlerRequest) {
  const { model, search, ...rest } = req.query;
  const unknown = Object.keys(rest);
  if (unknown.length) throw validationError(Object.fromEntries(unknown.map((k) => [k, [`Unknown filter "${k}".`]])));
  if (model !== undefined && (typeof model !== 'string' || !entityByName(model))) {
    throw validationError({ model: [`Unknown model. One of: ${ENTITIES.map((e) => e.name).join(', ')}.`] });
  }
  if (search !== undefined && typeof search !== 'string') throw validationError({ search: ['Give this parameter once.'] });
  const rows = db
    .prepare(
      `SELECT tag AS name, count(*) AS count FROM record_tags
       WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR tag LIKE ? ESCAPE '\\')
       GROUP BY tag ORDER BY count DESC, tag LIMIT 500`,
    )
    .all(model ?? null, model ?? null, search ?? null, `${String(search ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { count: rows.length, next: null, previous: null, results: rows };
}
