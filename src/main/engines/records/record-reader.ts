import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { notFound } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { allFields, type EntityDef } from '../../../shared/entities/field-def';
import type { Row } from './projection';

/** The form of a linked record nested in responses (`owner: {id, username, email, full_name}`). */
const BRIEF_COLUMNS: Record<string, string[]> = {
  user: ['id', 'username', 'email', 'full_name'],
  company: ['id', 'name'],
  contact: ['id', 'first_name', 'last_name', 'email'],
  lead: ['id', 'first_name', 'last_name', 'email', 'company_name'],
  opportunity: ['id', 'name', 'stage', 'amount'],
  task: ['id', 'title'],
  activity: ['id', 'subject'],
};

/** Who is reading: role-restricted values (custom fields) are left out for roles that may not see them. */
export interface Viewer {
  id: string;
  role: string;
}

/** Removes the custom values a viewer's role may not see (the custom fields engine provides it). */
export type CustomValuesFilter = (entity: EntityDef, viewer: Viewer, values: Record<string, unknown>) => Record<string, unknown>;

/** Reads projected rows and turns them into API objects, nesting briefs of linked records. */
export class RecordReader {
  private readonly statements: StatementCache;
  private customFilter: CustomValuesFilter | null = null;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  setCustomValuesFilter(filter: CustomValuesFilter): void {
    this.customFilter = filter;
  }

  /** The id of the live record whose field equals the value (case-insensitive), if any. */
  findBy(entity: EntityDef, field: string, value: string): string | undefined {
    if (!(field in allFields(entity))) throw new Error(`${entity.name} has no field ${field}`);
    return this.statements.get(`SELECT id FROM ${entity.table} WHERE ${field} = ? COLLATE NOCASE AND deleted_at IS NULL LIMIT 1`).pluck().get(value) as
      string | undefined;
  }

  getRow(entity: EntityDef, id: string): Row | undefined {
    return this.statements.get(`SELECT * FROM ${entity.table} WHERE id = ?`).get(id) as Row | undefined;
  }

  /** One live record as the API returns it; deleted ones only when asked. */
  get(entity: EntityDef, id: string, opts: { includeDeleted?: boolean; viewer?: Viewer } = {}): Record<string, unknown> {
    const row = this.getRow(entity, id);
    if (!row || (row.deleted_at && !opts.includeDeleted)) throw notFound(entity.label);
    return this.serialize(entity, [row], opts.viewer)[0];
  }

  serialize(entity: EntityDef, rows: readonly Row[], viewer?: Viewer): Record<string, unknown>[] {
    const fields = allFields(entity);
    const briefs = this.loadBriefs(entity, rows);
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [name, def] of Object.entries(fields)) {
        const value = row[name];
        switch (def.kind) {
          case 'bool':
            out[name] = value === null || value === undefined ? null : value === 1;
            break;
          case 'tags':
            out[name] = typeof value === 'string' ? JSON.parse(value) : [];
            break;
          case 'json':
            out[name] = typeof value === 'string' ? JSON.parse(value) : null;
            break;
          case 'decimal':
            out[name] = typeof value === 'number' ? value.toFixed(2) : null;
            break;
          case 'ref':
            out[name] = typeof value === 'string' ? (briefs.get(`${def.ref}:${value}`) ?? { id: value }) : null;
            break;
          default:
            out[name] = value ?? null;
        }
      }
      const custom = typeof row.custom_fields === 'string' ? JSON.parse(row.custom_fields) : {};
      out.custom_fields = viewer && this.customFilter ? this.customFilter(entity, viewer, custom) : custom;
      if ('currency' in fields && !out.currency) out.currency = 'USD';
      // Send it back as `If-Match` to have a write refused if someone changed those fields since.
      out.version = String(row.version ?? 0);
      return out;
    });
  }

  /** One query per linked entity type for the whole page. */
  private loadBriefs(entity: EntityDef, rows: readonly Row[]): Map<string, Record<string, unknown>> {
    const wanted = new Map<string, Set<string>>();
    for (const [name, def] of Object.entries(allFields(entity))) {
      if (def.kind !== 'ref' || !def.ref) continue;
      for (const row of rows) {
        const id = row[name];
        if (typeof id !== 'string') continue;
        let ids = wanted.get(def.ref);
        if (!ids) wanted.set(def.ref, (ids = new Set()));
        ids.add(id);
      }
    }
    const out = new Map<string, Record<string, unknown>>();
    for (const [target, ids] of wanted) {
      const targetEntity = entityByName(target);
      const columns = BRIEF_COLUMNS[target];
      if (!targetEntity || !columns) continue;
      // One id (a single record's answer) is a plain key look-up: json_each costs more than the row.
      // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
      const found = (
        ids.size === 1
          ? this.statements.get(`SELECT ${columns.join(', ')} FROM ${targetEntity.table} WHERE id = ?`).all([...ids][0])
          : this.statements
              .get(`SELECT ${columns.join(', ')} FROM ${targetEntity.table} WHERE id IN (SELECT value FROM json_each(?))`)
              .all(JSON.stringify([...ids]))
      ) as Record<string, unknown>[];
      for (const brief of found) {
        if (target === 'contact' || target === 'lead') brief.full_name = [brief.first_name, brief.last_name].filter(Boolean).join(' ');
        if (target === 'opportunity' && typeof brief.amount === 'number') brief.amount = brief.amount.toFixed(2);
        out.set(`${target}:${String(brief.id)}`, brief);
      }
    }
    return out;
  }
}
