import type { Db } from '../../db/open-database';
import type { Caller } from '../../core/handler';
import { validationError } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import { COLUMN_WIDTH, LIST_PREFERENCE_MODELS } from '../../../shared/contract/preference-operations';
import type { ListQueryEngine } from '../query';
import { FILTER_PREFIX } from '../custom-fields';
import type { Origin, RecordsEngine } from '../records';
import { columnIsKnown, parseListColumns } from './list-columns-input';
import { objectOr } from '../../core/json-object';
import type { ListColumnsView } from '../../../shared/contract/api-types';

export type { ListColumnsView };

export interface ListPreferencesDeps {
  db: Db;
  records: RecordsEngine;
  /** The list filters a caller may use: its `cf_<name>` names are the custom fields their role sees. */
  query: ListQueryEngine;
}

interface Row {
  id: string;
  layout: string | null;
  updated_at: string;
}

interface Layout {
  columns: string[];
  widths: Record<string, number>;
}

/**
 * The stored layout, read defensively: it may have come from another install of this person
 * (the write path checks that it is an object, not its inside), so what is not a list of names
 * or a number per name is left out rather than trusted.
 */
function storedLayout(raw: string | null): Layout {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '{}');
  } catch {
    value = {};
  }
  const v = objectOr(value);
  const columns = Array.isArray(v.columns) ? [...new Set(v.columns.filter((c): c is string => typeof c === 'string'))] : [];
  const rawWidths = objectOr(v.widths);
  const widths: Record<string, number> = {};
  for (const [c, w] of Object.entries(rawWidths))
    if (typeof w === 'number' && Number.isInteger(w) && w >= COLUMN_WIDTH.min && w <= COLUMN_WIDTH.max) widths[c] = w;
  return { columns, widths };
}

/**
 * Each person's column choice per list, kept as a `list_preference` document owned by them and
 * synced with their other devices through the write path. Two devices that chose before they
 * had synced each made a document: the earliest created is the choice on every device (its
 * `created_at` travels with it), and later writes go to it.
 */
export class ListPreferencesEngine {
  private readonly sql;

  constructor(private readonly deps: ListPreferencesDeps) {
    this.sql = {
      current: deps.db.prepare(
        'SELECT id, layout, updated_at FROM list_preferences WHERE owner_id = ? AND entity = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1',
      ),
    };
  }

  get(caller: Caller, model: string): ListColumnsView {
    const entity = this.entity(model);
    const row = this.sql.current.get(caller.id, entity.name) as Row | undefined;
    if (!row) return { entity: entity.name, columns: null, widths: {}, updated_at: null };
    // A custom field deleted or hidden from this role since the choice drops out of it.
    const visible = this.visibleCustom(entity, caller);
    const layout = storedLayout(row.layout);
    const columns = layout.columns.filter((c) => columnIsKnown(entity, visible, c));
    const widths = Object.fromEntries(Object.entries(layout.widths).filter(([c]) => columns.includes(c)));
    return { entity: entity.name, columns: columns.length ? columns : null, widths, updated_at: row.updated_at };
  }

  put(caller: Caller, model: string, body: unknown, origin: Origin): ListColumnsView {
    const entity = this.entity(model);
    const input = parseListColumns(body, entity, this.visibleCustom(entity, caller));
    const ctx = { actor: caller.id, origin };
    const { records } = this.deps;
    records.transaction(() => {
      const row = this.sql.current.get(caller.id, entity.name) as Row | undefined;
      const layout: Layout = { columns: input.columns, widths: input.widths };
      if (row) records.update('list_preference', row.id, { layout }, ctx);
      else records.create('list_preference', { owner_id: caller.id, entity: entity.name, layout }, ctx);
    });
    return this.get(caller, entity.name);
  }

  private entity(model: string): EntityDef {
    const entity = LIST_PREFERENCE_MODELS.includes(model) ? entityByName(model) : undefined;
    if (!entity) throw validationError({ entity: [`One of: ${LIST_PREFERENCE_MODELS.join(', ')}.`] });
    return entity;
  }

  private visibleCustom(entity: EntityDef, caller: Caller): Set<string> {
    return new Set(
      Object.keys(this.deps.query.fields(entity, caller))
        .filter((k) => k.startsWith(FILTER_PREFIX))
        .map((k) => k.slice(FILTER_PREFIX.length)),
    );
  }
}
