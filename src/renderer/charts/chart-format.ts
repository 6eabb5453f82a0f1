/** Number formats shared by charts, tooltips and tables. */
const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compactCurrency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatCurrency(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : currency.format(value);
}

/** Axis ticks: $1.2M rather than $1,200,000. */
export function formatCurrencyCompact(value: number | string): string {
  return compactCurrency.format(Number(value));
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : plain.format(value);
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${plain.format(value)}%`;
}

/** Formats a value by the unit the API gives it. */
export function formatByUnit(value: number | null | undefined, unit: string): string {
  if (unit === 'currency') return formatCurrency(value);
  if (unit === 'currency_per_day') return value === null || value === undefined ? '—' : `${currency.format(value)}/day`;
  if (unit === 'percent') return formatPercent(value);
  if (unit === 'days') return value === null || value === undefined ? '—' : `${plain.format(value)} days`;
  return formatNumber(value);
}

export const CHART_COLORS = {
  accent: '#2563eb',
  accentSoft: 'rgba(37, 99, 235, 0.14)',
  green: '#16a34a',
  amber: '#d97706',
  violet: '#7c3aed',
  red: '#dc2626',
  grey: '#98a2b3',
};
