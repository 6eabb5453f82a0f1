import type { FieldKind } from '../../../shared/entities/field-def';
import { briefLabel } from './record-title';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const intFormat = new Intl.NumberFormat();

/** Dates without a time are calendar days: parse them as local, not UTC midnight. */
function parseDay(value: string): Date {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatMoney(amount: unknown, currency: unknown, compact = false): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (amount === null || amount === undefined || amount === '' || Number.isNaN(n)) return '';
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const options: Intl.NumberFormatOptions = code ? { style: 'currency', currency: code } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  if (compact) Object.assign(options, { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 });
  return new Intl.NumberFormat(undefined, options).format(n);
}

export function formatDate(value: string): string {
  return dateFormat.format(parseDay(value));
}

export function formatDateTime(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeFormat.format(d);
}

export function formatValue(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'date':
      return typeof value === 'string' ? formatDate(value) : String(value);
    case 'datetime':
      return formatDateTime(String(value));
    case 'int':
      return typeof value === 'number' ? intFormat.format(value) : String(value);
    case 'decimal':
      return formatMoney(value, undefined);
    case 'bool':
      return value ? 'Yes' : 'No';
    case 'enum':
      return String(value).replace(/_/g, ' ');
    case 'ref':
      return briefLabel(value);
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
