import type { RecordAction, RecordChange } from './record-change';
import { customFieldKey } from '../../../shared/entities/field-def';
import { objectOr } from '../../core/json-object';

/** Comparisons of record values and document entries used by the write path. */

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  // Two plain scalars serialize alike only when they are equal: no JSON needed (a diff of a new record compares every field with null).
  if (plainScalar(a) && plainScalar(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function plainScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

export function diffValues(before: Record<string, unknown> | null, after: Record<string, unknown>): RecordChange['changes'] {
  if (before === null) return diffOfNew(after);
  const changes: RecordChange['changes'] = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'updated_at' || key === 'custom_fields') continue;
    const old = before?.[key] ?? null;
    const next = after[key] ?? null;
    if (!sameValue(old, next)) changes[key] = { old, new: next };
  }
  const oldCustom = objectOr(before?.custom_fields);
  const newCustom = objectOr(after.custom_fields);
  for (const name of new Set([...Object.keys(oldCustom), ...Object.keys(newCustom)])) {
    if (!sameValue(oldCustom[name], newCustom[name])) {
      changes[customFieldKey(name)] = { old: oldCustom[name] ?? null, new: newCustom[name] ?? null };
    }
  }
  return changes;
}

/**
 * A new record's diff: every value that is not null (what diffValues gives against null,
 * without the key set and comparisons: every create of an import or a bootstrap asks).
 */
function diffOfNew(after: Record<string, unknown>): RecordChange['changes'] {
  const changes: RecordChange['changes'] = {};
  for (const key in after) {
    const next = after[key];
    if (isNullish(next) || key === 'updated_at' || key === 'custom_fields') continue;
    changes[key] = { old: null, new: next };
  }
  const custom = objectOr(after.custom_fields);
  for (const name in custom) {
    const next = custom[name];
    // Compared with undefined, not null (as diffValues does): only null and undefined are unset here.
    if (next !== null && next !== undefined) changes[customFieldKey(name)] = { old: null, new: next };
  }
  return changes;
}

/** Equal to null as sameValue compares (a number that is not finite serializes as null). */
function isNullish(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
}

export function remoteAction(before: Record<string, unknown> | null, after: Record<string, unknown>): RecordAction {
  if (!before) return 'create';
  if (!before.deleted_at && after.deleted_at) return 'delete';
  if (before.deleted_at && !after.deleted_at) return 'restore';
  return 'update';
}
