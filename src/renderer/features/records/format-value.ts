import type { FieldKind } from '../../../shared/entities/field-def';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const intFormat = new Intl.NumberFormat();

/** Dates without a time are calendar days: parse them as local, not UTC midnight. */
function parseDay(value: string): Date {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatMoney(amount: unknown, currency: unknown): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (amount === null || amount === undefined || amount === '' || Number.isNaN(n)) return '';
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  return new Intl.NumberFormat(undefined, code ? { style: 'currency', currency: code } : { minimumFractionDigits: 2 }).format(n);
}

export function formatValue(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'date':
      return typeof value === 'string' ? dateFormat.format(parseDay(value)) : String(value);
    case 'datetime': {
      const d = new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : dateTimeFormat.format(d);
    }
    case 'int':
      return typeof value === 'number' ? intFormat.format(value) : String(value);
    case 'decimal':
      return formatMoney(value, undefined);
    case 'bool':
      return value ? 'Yes' : 'No';
    case 'enum':
      return String(value).replace(/_/g, ' ');
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
