import { entityByName, userEntity } from '../../../shared/entities/entities';
import { allFields, type FieldDef } from '../../../shared/entities/field-def';
import { humanize, MASK } from './audit-values';
import type { StatementCache } from '../../db/statement-cache';
import { CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';

export interface FieldChangeRow {
  model: string;
  object_id: string;
  field_name: string;
  old_value: string | null;
  new_value: string | null;
}

export interface FieldChangeText {
  field_label: string;
  old_value: string | null;
  new_value: string | null;
  old_value_display: string;
  new_value_display: string;
}

const EMPTY = '(none)';
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function fieldDef(model: string, field: string): FieldDef | undefined {
  const entity = entityByName(model);
  return entity ? allFields(entity)[field] : undefined;
}

export function fieldLabel(model: string, field: string): string {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return humanize(field.slice(CUSTOM_FIELD_PREFIX.length));
  return fieldDef(model, field)?.label ?? humanize(field);
}

/** The stored value as the spec's `old_value` / `new_value` text (`"50000.00"` for money). */
function rawText(def: FieldDef | undefined, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (def?.kind === 'decimal' && typeof value === 'number') return value.toFixed(2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function money(amount: number, currency: string): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
  } catch {
    return `${amount.toLocaleString('en-US')} ${currency}`;
  }
}

/**
 * Turns stored field changes into text for people: money with its currency, dates, enum
 * labels, names of linked users and records. Names and currencies are looked up once per page.
 */
export class FieldDisplay {
  constructor(private readonly statements: StatementCache) {}

  render(rows: readonly FieldChangeRow[]): FieldChangeText[] {
    const parsed = rows.map((r) => ({ r, def: fieldDef(r.model, r.field_name), old: parse(r.old_value), now: parse(r.new_value) }));
    const refs = new Map<string, Set<string>>();
    const currencies = new Map<string, Set<string>>();
    for (const p of parsed) {
      if (p.def?.kind === 'ref' && p.def.ref) {
        for (const v of [p.old, p.now]) if (typeof v === 'string') setOf(refs, p.def.ref).add(v);
      }
      if (p.def?.kind === 'decimal' && fieldDef(p.r.model, 'currency')) setOf(currencies, p.r.model).add(p.r.object_id);
    }
    const names = this.names(refs);
    const currencyOf = this.currencies(currencies);
    return parsed.map(({ r, def, old, now }) => {
      const currency = currencyOf.get(r.object_id) ?? 'USD';
      const show = (v: unknown) => this.display(def, v, currency, names);
      return {
        field_label: fieldLabel(r.model, r.field_name),
        old_value: rawText(def, old),
        new_value: rawText(def, now),
        old_value_display: show(old),
        new_value_display: show(now),
      };
    });
  }

  private display(def: FieldDef | undefined, value: unknown, currency: string, names: Map<string, string>): string {
    if (value === null || value === undefined || value === '') return EMPTY;
    if (value === MASK) return MASK;
    switch (def?.kind) {
      case 'decimal':
        return typeof value === 'number' ? money(value, currency) : String(value);
      case 'date':
        return typeof value === 'string' ? dateFormat.format(new Date(`${value}T00:00:00Z`)) : String(value);
      case 'datetime':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? `${dateTimeFormat.format(new Date(value))} UTC` : String(value);
      case 'enum':
        return humanize(String(value));
      case 'bool':
        return value ? 'Yes' : 'No';
      case 'ref':
        return names.get(String(value)) ?? String(value);
      case 'tags':
        return Array.isArray(value) ? value.join(', ') || EMPTY : String(value);
      case 'int':
        return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
      default:
        return typeof value === 'string' ? value : JSON.stringify(value);
    }
  }

  private names(refs: Map<string, Set<string>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [target, ids] of refs) {
      const entity = entityByName(target);
      if (!entity) continue;
      const title = entity === userEntity ? 'full_name' : entity.titleFields.map((f) => `coalesce(${f}, '')`).join(` || ' ' || `);
      const rows = this.statements
        .get(`SELECT id, trim(${title}) AS name FROM ${entity.table} WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify([...ids])) as { id: string; name: string | null }[];
      for (const row of rows) if (row.name) out.set(row.id, row.name);
    }
    return out;
  }

  private currencies(wanted: Map<string, Set<string>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [model, ids] of wanted) {
      const entity = entityByName(model)!;
      const rows = this.statements
        .get(`SELECT id, currency FROM ${entity.table} WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify([...ids])) as { id: string; currency: string | null }[];
      for (const row of rows) if (row.currency) out.set(row.id, row.currency);
    }
    return out;
  }
}

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
