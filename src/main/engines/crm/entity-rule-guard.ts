import type { EntityDef } from '../../../shared/entities/field-def';
import { entityRuleErrors, RULE_FIELDS } from '../../../shared/entities/entity-rules';
import { validationError } from '../../../shared/errors';
import type { RecordsEngine } from '../records';

/**
 * Refuses a PATCH or PUT that would break the entity's own rules (a converted lead stays
 * converted), with a 400 on the field, before anything is written. A PUT leaves out fields
 * to reset them, so its missing fields count as changed to their defaults.
 */
export function guardEntityRules(records: RecordsEngine, entity: EntityDef, id: string, body: unknown, mode: 'update' | 'replace'): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  // Reading the current values decodes the record's document: skipped when no rule can apply.
  const ruled = RULE_FIELDS[entity.name] ?? [];
  if (mode === 'update' && !ruled.some((field) => field in body)) return;
  if (mode === 'replace' && ruled.length === 0) return;
  const current = records.currentValues(entity, id);
  if (!current) return;
  const defaults = mode === 'replace' ? Object.fromEntries(Object.entries(entity.fields).filter(([, d]) => !d.readOnly).map(([k, d]) => [k, d.default ?? null])) : {};
  const errors = entityRuleErrors(entity, current, { ...defaults, ...(body as Record<string, unknown>) });
  if (Object.keys(errors).length > 0) throw validationError(errors);
}
