import type { FieldErrors } from '../errors';
import type { EntityDef } from './field-def';

/**
 * Rules an entity keeps whatever writes to it (a form, an import, a script): they depend on
 * the record's current state, which field validation alone cannot see. Returns the refused
 * fields, empty when the change is allowed.
 */
/** The fields a rule below may refuse a change of, by entity (keep in step with entityRuleErrors): a write touching none of them needs no check. */
export const RULE_FIELDS: Readonly<Record<string, readonly string[]>> = { lead: ['status'] };

export function entityRuleErrors(entity: EntityDef, current: Record<string, unknown>, changes: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  if (entity.name === 'lead') {
    // A converted lead is history: its contact and deal exist, so it cannot be reopened.
    const converted = current.status === 'converted' || (typeof current.converted_at === 'string' && current.converted_at !== '');
    if (converted && 'status' in changes && changes.status !== 'converted') {
      errors.status = ['This lead has been converted; its status stays "converted".'];
    }
  }
  return errors;
}
