import { entityByName } from '../../../shared/entities/entities';
import { isJsonObject } from '../../core/json-object';

/** What the audit never stores: any field or key that looks like a secret. */
export const SECRET_KEY = /password|token|secret/i;
export const MASK = '***';

/** Fields the write path manages that say nothing on their own in an entry. */
const BOOKKEEPING = new Set(['id', 'updated_at', 'created_at', 'created_by']);

/** Longest text value kept in an entry; the record's document keeps the whole value. */
const MAX_TEXT = 2_000;

/** A value with secret-looking keys masked at any depth. */
export function masked(key: string, value: unknown, truncate = true): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined) return MASK;
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = masked(k, v, truncate);
    return out;
  }
  if (truncate && typeof value === 'string' && value.length > MAX_TEXT) return `${value.slice(0, MAX_TEXT)}…`;
  return value;
}

export interface EntryValues {
  changes: string[];
  oldValues: Record<string, unknown>;
  newValues: Record<string, unknown>;
}

/**
 * The field names and old/new values an entry shows. A create lists the values it set (not
 * the empty ones), an update or delete only what changed.
 */
export function entryValues(action: string, changes: Record<string, { old: unknown; new: unknown }>): EntryValues {
  const out: EntryValues = { changes: [], oldValues: {}, newValues: {} };
  for (const [field, change] of Object.entries(changes)) {
    if (BOOKKEEPING.has(field)) continue;
    if (action === 'create' && (change.new === null || (Array.isArray(change.new) && change.new.length === 0))) continue;
    out.changes.push(field);
    if (action !== 'create') out.oldValues[field] = masked(field, change.old);
    out.newValues[field] = masked(field, change.new);
  }
  return out;
}

/** How a record is named for people: its title fields, else its email, else its id. */
export function objectRepr(model: string, values: Record<string, unknown> | null, id: string): string {
  const entity = entityByName(model);
  if (!entity || !values) return id;
  const title = entity.titleFields
    .map((f) => values[f])
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
  if (title) return title;
  return typeof values.email === 'string' ? values.email : id;
}

const VERBS: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  restore: 'Restored',
  view: 'Viewed',
};

/** "Updated lead status, priority" in the words of the spec's examples. */
export function describe(action: string, model: string, changes: string[]): string {
  const verb = VERBS[action] ?? humanize(action);
  const label = entityByName(model)?.label.toLowerCase() ?? model.replace(/_/g, ' ');
  if (action !== 'update' || changes.length === 0) return `${verb} ${label}`;
  const shown = changes.slice(0, 3).join(', ');
  return `${verb} ${label} ${shown}${changes.length > 3 ? ` and ${changes.length - 3} more` : ''}`;
}

/** `closed_won` -> `Closed won`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
