const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const full = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Big figures short (1.2M) so they fit a card; small ones exact. */
export function formatNumber(value: unknown, prefix = '', suffix = ''): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value ?? '—');
  const text = Math.abs(n) >= 100_000 ? compact.format(n) : full.format(n);
  return `${n < 0 ? '-' : ''}${prefix}${text.replace(/^-/, '')}${suffix}`;
}

/** A date or datetime value the way people read it. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value))
    return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' });
  if (typeof value === 'string' && /^-?\d+\.\d{2}$/.test(value)) return full.format(Number(value));
  if (typeof value === 'number') return full.format(value);
  return String(value).replace(/_/g, ' ');
}
