import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import { customFieldName, type EntityDef } from '../../../shared/entities/field-def';
import { latestStamp, TAG_PREFIX } from '../../../shared/record-doc/doc-format';
import { loadDoc, readEntries, winnersOf } from './record-doc';
import { valuesFromWinners } from './projection';
import { sameValue } from './record-diff';
import { objectOr } from '../../core/json-object';

/**
 * A write made on a stale view: the client read the record at `ifVersion` (its `version`, the
 * greatest stamp in its document) and now sends values for fields someone changed since. Each
 * such field whose value would change is named in a 409 with the current value, so the client
 * can show theirs against yours. Fields changed by others but not sent are no conflict.
 */
export function checkNotStale(entity: EntityDef, id: string, state: Uint8Array, values: Record<string, unknown>, ifVersion: string): void {
  const seen = Number(ifVersion);
  if (!/^\d{1,16}$/.test(ifVersion) || !Number.isSafeInteger(seen)) {
    throw validationError({ 'If-Match': ['Send the record\'s `version` as you read it, e.g. If-Match: "1732712345678000".'] });
  }
  const doc = loadDoc(id, state);
  try {
    const entries = readEntries(doc);
    const winners = winnersOf(entries);
    const current = valuesFromWinners(entity, id, winners);
    const fields: FieldErrors = {};
    const theirs: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      if (field === 'updated_at') continue;
      const custom = customFieldName(field);
      const changedSince =
        field === 'tags' ? [...winners].some(([f, e]) => f.startsWith(TAG_PREFIX) && e.stamp > seen) : (winners.get(field)?.stamp ?? 0) > seen;
      const now = custom !== null ? (objectOr(current.custom_fields)[custom] ?? null) : (current[field] ?? null);
      if (changedSince && !sameValue(now, value)) {
        fields[field] = ['Changed by someone else since you opened this record.'];
        theirs[field] = now;
      }
    }
    if (Object.keys(fields).length > 0) {
      throw new AppError('conflict', `Changed by someone else since you read it: ${Object.keys(fields).join(', ')}`, fields, undefined, {
        current: theirs,
        version: String(latestStamp(entries)),
      });
    }
  } finally {
    doc.destroy();
  }
}
