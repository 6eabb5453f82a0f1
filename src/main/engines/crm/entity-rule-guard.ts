import type { EntityDef } from '../../../shared/entities/field-def';
import { entityRuleErrors, RULE_FIELDS } from '../../../shared/entities/entity-rules';
import { validationError } from '../../../shared/errors';
import type { RecordsEngine } from '../records';
import { isJsonObject } from '../../core/json-object';

/**
 * Refuses a PATCH or PUT that would break the entity's own rules (a converted lead stays
 * converted), with a 400 on the field, before anything is written. A PUT leaves out fields
 * to reset them, so its missing fields count as changed to their defaults.
 */
export function guardEntityRules(records: RecordsEngine, entity: EntityDef, id: string, body: unknown, mode: 'update' | 'replace'): void {
  if (!isJsonObject(body)) return;
  // Reading the current values decodes the record's document: skipped when no rule can apply.
  const ruled = RULE_FIELDS[entity.name] ?? [];
  if (mode === 'update' && !ruled.some((field) => field in body)) return;
  if (mode === 'replace' && ruled.length === 0) return;
  const current = records.currentValues(entity, id);
  if (!current) return;
  const defaults =
    mode === 'replace'
      ? Object.fromEntries(
          Object.entries(entity.fields)
            .filter(([, d]) => !d.readOnly)
            .map(([k, d]) => [k, d.default ?? null]),
        )
      : {};
  const errors = entityRuleErrors(entity, current, { ...defaults, ...body });
  if (Object.keys(errors).length > 0) throw validationError(errors);
}

/**
 * The same rules for a bulk update, checked on every row before anything is written (the bulk
 * route is all or nothing): each refused row is named in `ids`, and the refused fields carry
 * the rule's message, as a single update would answer.
 */
export function guardBulkEntityRules(records: RecordsEngine, entity: EntityDef, ids: readonly string[], changes: Record<string, unknown>): void {
  // As for one record: no rule watches these fields, so no document needs reading.
  if (!(RULE_FIELDS[entity.name] ?? []).some((field) => field in changes)) return;
  const fields: Record<string, string[]> = {};
  const refused: string[] = [];
  for (const id of ids) {
    const current = records.currentValues(entity, id);
    if (!current) continue;
    const errors = entityRuleErrors(entity, current, changes);
    if (Object.keys(errors).length === 0) continue;
    for (const [field, messages] of Object.entries(errors)) fields[field] ??= messages;
    refused.push(`Failed at ${id}: ${Object.values(errors).flat().join(' ')}`);
  }
  if (refused.length > 0) {
    throw validationError({ ...fields, ids: refused }, `${refused.length} of ${ids.length} records would break their rules; nothing was changed.`);
  }
}
