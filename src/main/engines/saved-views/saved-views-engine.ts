import type { SavedView } from '../../../shared/contract/data-transfer-types';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { Caller } from '../../core/handler';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { allFields, type EntityDef } from '../../../shared/entities/field-def';
import { SAVED_VIEW_MODELS, SAVED_VIEW_NAME_MAX } from '../../../shared/contract/saved-view-operations';
import type { ListQueryEngine, QueryParams } from '../query';
import { FILTER_PREFIX } from '../custom-fields';
import { SavedViewsStore, type SavedViewRow } from './saved-views-store';
import { CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';
import { objectBody } from '../../core/json-object';

export interface SavedViewsDeps {
  db: Db;
  clock: Clock;
  query: ListQueryEngine;
}

export type { SavedView };

const MAX_QUERY_LENGTH = 4000;
const MAX_COLUMNS = 200;
const CREATE_KEYS = ['name', 'model', 'query', 'columns', 'is_shared'];
/** Paging belongs to whoever shows the view, not to the view. */
const PAGING = new Set(['page', 'page_size']);

function view(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    query: row.query,
    columns: JSON.parse(row.columns) as string[],
    is_shared: row.is_shared === 1,
    owner: { id: row.owner_id, username: row.owner_username, full_name: row.owner_full_name },
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * Saved list views: a list query string and a column choice under a name. Local to this
 * install; shared views are seen by the teammates who use this install. Syncing them across
 * installs needs a synced home (a record entity or a synced table) once the sync client lands.
 */
export class SavedViewsEngine {
  private readonly store: SavedViewsStore;

  constructor(private readonly deps: SavedViewsDeps) {
    this.store = new SavedViewsStore(deps.db);
  }

  list(caller: Caller, model: string | null, page: number, pageSize: number): { count: number; views: SavedView[] } {
    const { count, rows } = this.store.page(caller.id, model, pageSize, (page - 1) * pageSize);
    return { count, views: rows.map(view) };
  }

  get(id: string, caller: Caller): SavedView {
    return view(this.visible(id, caller));
  }

  create(body: unknown, caller: Caller): SavedView {
    const input = objectBody(body);
    const errors: FieldErrors = {};
    unknownKeys(input, CREATE_KEYS, errors);
    const model = input.model;
    const entity = typeof model === 'string' && SAVED_VIEW_MODELS.includes(model) ? entityByName(model)! : null;
    if (!entity) errors.model = [`One of: ${SAVED_VIEW_MODELS.join(', ')}.`];
    const name = checkName(input.name, errors, true);
    const query = entity ? this.checkQuery(entity, input.query ?? '', caller, errors) : '';
    const columns = entity ? this.checkColumns(entity, input.columns ?? [], caller, errors) : [];
    const isShared = checkBool(input.is_shared ?? false, errors);
    if (Object.keys(errors).length) throw validationError(errors);
    const id = newId();
    const at = this.now();
    this.store.insert({
      id,
      owner_id: caller.id,
      name: name!,
      model: entity!.name,
      query,
      columns: JSON.stringify(columns),
      is_shared: isShared ? 1 : 0,
      created_at: at,
      updated_at: at,
    });
    return this.get(id, caller);
  }

  update(id: string, body: unknown, caller: Caller): SavedView {
    const row = this.editable(id, caller);
    const input = objectBody(body);
    const errors: FieldErrors = {};
    unknownKeys(input, CREATE_KEYS, errors);
    if (input.model !== undefined && input.model !== row.model) errors.model = ['A saved view keeps its model; save a new view instead.'];
    const entity = entityByName(row.model)!;
    const name = input.name === undefined ? row.name : checkName(input.name, errors, true);
    const query = input.query === undefined ? row.query : this.checkQuery(entity, input.query, caller, errors);
    const columns = input.columns === undefined ? JSON.parse(row.columns) : this.checkColumns(entity, input.columns, caller, errors);
    const isShared = input.is_shared === undefined ? row.is_shared === 1 : checkBool(input.is_shared, errors);
    if (Object.keys(errors).length) throw validationError(errors);
    this.store.update({ id, name: name!, query, columns: JSON.stringify(columns), is_shared: isShared ? 1 : 0, updated_at: this.now() });
    return this.get(id, caller);
  }

  remove(id: string, caller: Caller): void {
    this.editable(id, caller);
    this.store.remove(id);
  }

  /** Runs the query once through the list engine: what it refuses, the view would refuse every time. */
  private checkQuery(entity: EntityDef, raw: unknown, caller: Caller, errors: FieldErrors): string {
    if (typeof raw !== 'string') {
      errors.query = ['Expected a query string, e.g. "status=qualified&ordering=-created_at".'];
      return '';
    }
    const text = raw.trim().replace(/^\?/, '');
    if (text.length > MAX_QUERY_LENGTH) {
      errors.query = [`Ensure this field has no more than ${MAX_QUERY_LENGTH} characters.`];
      return '';
    }
    const params: QueryParams = {};
    for (const [key, value] of new URLSearchParams(text)) {
      if (PAGING.has(key)) continue;
      const prior = params[key];
      params[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
    }
    try {
      this.deps.query.list(entity, { ...params, page_size: '1' }, { viewer: caller });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
      errors.query = Object.entries(e.fields ?? {}).flatMap(([param, messages]) => messages.map((m) => `${param}: ${m}`));
      if (errors.query.length === 0) errors.query = [e.message];
    }
    return text;
  }

  private checkColumns(entity: EntityDef, raw: unknown, caller: Caller, errors: FieldErrors): string[] {
    if (!Array.isArray(raw) || raw.length > MAX_COLUMNS || !raw.every((c) => typeof c === 'string')) {
      errors.columns = [`Expected a list of at most ${MAX_COLUMNS} field names.`];
      return [];
    }
    const fields = allFields(entity);
    const custom = new Set(
      Object.keys(this.deps.query.fields(entity, caller))
        .filter((k) => k.startsWith(FILTER_PREFIX))
        .map((k) => k.slice(FILTER_PREFIX.length)),
    );
    const problems = (raw as string[]).filter((c) => (c.startsWith(CUSTOM_FIELD_PREFIX) ? !custom.has(c.slice(CUSTOM_FIELD_PREFIX.length)) : !fields[c]));
    if (problems.length) errors.columns = problems.map((c) => `Unknown field "${c}" for ${entity.name}.`);
    return [...new Set(raw as string[])];
  }

  private visible(id: string, caller: Caller): SavedViewRow {
    const row = this.store.get(id);
    if (!row || (row.owner_id !== caller.id && row.is_shared !== 1 && caller.role !== 'admin')) throw notFound('Saved view');
    return row;
  }

  private editable(id: string, caller: Caller): SavedViewRow {
    const row = this.visible(id, caller);
    if (row.owner_id !== caller.id && caller.role !== 'admin') throw new AppError('forbidden', 'Only the owner of a saved view (or an admin) can change it.');
    return row;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function unknownKeys(input: Record<string, unknown>, allowed: string[], errors: FieldErrors): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) errors[key] = ['Unknown field.'];
}

function checkName(raw: unknown, errors: FieldErrors, required: boolean): string | null {
  if (raw === undefined && !required) return null;
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (typeof raw !== 'string') errors.name = ['This field is required.'];
  else if (name === '') errors.name = ['This field may not be blank.'];
  else if (name.length > SAVED_VIEW_NAME_MAX) errors.name = [`Ensure this field has no more than ${SAVED_VIEW_NAME_MAX} characters.`];
  return name;
}

function checkBool(raw: unknown, errors: FieldErrors): boolean {
  if (typeof raw !== 'boolean') errors.is_shared = ['Must be a valid boolean.'];
  return raw === true;
}
