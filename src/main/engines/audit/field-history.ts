import type { Db } from '../../db/open-database';
import type { Caller } from '../../core/handler';
import { notFound } from '../../../shared/errors';
import { ENTITIES, entityByName } from '../../../shared/entities/entities';
import { allFields, CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';
import { pageOf as readPage, type QueryParams } from '../query';
import { QueryReader } from './query-params';
import { authorAndPeriod, recordVisibilitySql } from './audit-scope';
import { pageOf, type Page } from './audit-trail';
import { FieldDisplay, type FieldChangeRow } from './field-display';
import type { StatementCache } from '../../db/statement-cache';

export interface FieldHistoryRow extends FieldChangeRow {
  id: string;
  audit_id: string;
  at: string;
  actor: string | null;
}

const PARAMS = ['model', 'object_id', 'field_name', 'user', 'start_date', 'end_date', 'ordering', 'page', 'page_size'];
const RECORD_MODELS = ENTITIES.map((e) => e.name);
const ALL_FIELDS = new Set(ENTITIES.flatMap((e) => Object.keys(allFields(e))));

/** Field-level history (spec section 3): filters, and values shown for people. */
export class FieldHistory {
  private readonly display: FieldDisplay;

  constructor(
    private readonly db: Db,
    private readonly statements: StatementCache,
  ) {
    this.display = new FieldDisplay(statements);
  }

  list(caller: Caller, query: QueryParams): Page<FieldHistoryRow> {
    const q = new QueryReader(query, PARAMS);
    const where: { sql: string; params: unknown[] }[] = [];
    const visible = recordVisibilitySql(caller);
    if (visible) where.push(visible);
    const model = q.oneOf('model', RECORD_MODELS);
    if (model) where.push({ sql: 'model = ?', params: [model] });
    const objectId = q.string('object_id');
    if (objectId) where.push({ sql: 'object_id = ?', params: [objectId] });
    const field = q.string('field_name');
    if (field) {
      const entity = model ? entityByName(model) : undefined;
      const known = field.startsWith(CUSTOM_FIELD_PREFIX) || (entity ? field in allFields(entity) : ALL_FIELDS.has(field));
      if (!known) q.fail('field_name', `Unknown field "${field}"${model ? ` of ${model}` : ''}.`);
      else where.push({ sql: 'field_name = ?', params: [field] });
    }
    authorAndPeriod(this.db, q, where);
    const ordering = q.oneOf('ordering', ['changed_at', '-changed_at'] as const) ?? '-changed_at';
    const { page, pageSize } = readPage(query);
    q.done();
    const dir = ordering === 'changed_at' ? 'ASC' : 'DESC';
    return pageOf(this.statements, 'field_history', where, `at ${dir}, rowid ${dir}`, page, pageSize);
  }

  get(caller: Caller, id: string): FieldHistoryRow {
    const visible = recordVisibilitySql(caller);
    const row = this.statements.get(`SELECT * FROM field_history WHERE id = ?${visible ? ` AND ${visible.sql}` : ''}`).get(id, ...(visible?.params ?? [])) as
      FieldHistoryRow | undefined;
    if (!row) throw notFound('Field history entry');
    return row;
  }

  /** Rows as the API shows them: `changed_by` is the author's name today. */
  serialize(rows: readonly FieldHistoryRow[]): Record<string, unknown>[] {
    const texts = this.display.render(rows);
    const actors = [...new Set(rows.map((r) => r.actor).filter((a): a is string => a !== null))];
    const names = new Map(
      (
        this.statements.get('SELECT id, full_name FROM users WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(actors)) as {
          id: string;
          full_name: string | null;
        }[]
      ).map((u) => [u.id, u.full_name]),
    );
    return rows.map((r, i) => ({
      id: r.id,
      model_name: r.model,
      object_id: r.object_id,
      field_name: r.field_name,
      ...texts[i],
      changed_by: r.actor ? (names.get(r.actor) ?? r.actor) : 'System',
      changed_by_id: r.actor,
      changed_at: r.at,
      audit_id: r.audit_id,
    }));
  }
}
