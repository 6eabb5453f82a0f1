import type { Caller } from '../../core/handler';
import { describe } from './audit-values';
import { customFieldName } from '../../../shared/entities/field-def';
import { objectOr } from '../../core/json-object';

/** Whether a role may see a custom field of a model (the custom fields engine answers). */
export type CustomFieldVisibility = (model: string, fieldName: string, role: string) => boolean;

/**
 * Custom fields hidden from a role stay hidden in the history too: their names and values
 * are taken out of entries and history rows before they reach a caller of that role.
 * Admins see everything, deleted fields included.
 */
export class CustomFieldRedaction {
  constructor(private readonly visible: CustomFieldVisibility | null) {}

  private hides(caller: Caller, model: unknown, field: unknown): boolean {
    const name = typeof field === 'string' ? customFieldName(field) : null;
    if (!this.visible || caller.role === 'admin' || name === null) return false;
    return !this.visible(String(model), name, caller.role);
  }

  entry(caller: Caller, entry: Record<string, unknown>): Record<string, unknown> {
    const hidden = (name: string) => this.hides(caller, entry.model_name, name);
    const keep = (values: unknown) => Object.fromEntries(Object.entries(objectOr(values)).filter(([name]) => !hidden(name)));
    const all = (entry.changes ?? []) as string[];
    const changes = all.filter((name) => !hidden(name));
    const names = [...all, ...Object.keys((entry.new_values ?? {}) as object), ...Object.keys((entry.old_values ?? {}) as object)];
    const anyHidden = names.some(hidden);
    return {
      ...entry,
      // The generated description names changed fields; say it again without the hidden ones.
      description: anyHidden ? describe(String(entry.action), String(entry.model_name), changes) : entry.description,
      changes,
      old_values: keep(entry.old_values),
      new_values: keep(entry.new_values),
    };
  }

  /** History rows of hidden fields are left out of the page. */
  historyRows<T extends { model_name?: unknown; field_name?: unknown }>(caller: Caller, rows: T[]): T[] {
    return rows.filter((row) => !this.hides(caller, row.model_name, row.field_name));
  }
}
