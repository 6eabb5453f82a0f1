/** Palettes per widget colour scheme: the first colour leads, the rest tell series apart. */
const SCHEMES: Record<string, string[]> = {
  blue: ['#2563eb', '#60a5fa', '#1e40af', '#93c5fd', '#3b82f6', '#1d4ed8'],
  green: ['#16a34a', '#4ade80', '#166534', '#86efac', '#22c55e', '#15803d'],
  purple: ['#7c3aed', '#a78bfa', '#5b21b6', '#c4b5fd', '#8b5cf6', '#6d28d9'],
  orange: ['#ea580c', '#fb923c', '#9a3412', '#fdba74', '#f97316', '#c2410c'],
  red: ['#dc2626', '#f87171', '#991b1b', '#fca5a5', '#ef4444', '#b91c1c'],
  teal: ['#0d9488', '#2dd4bf', '#115e59', '#5eead4', '#14b8a6', '#0f766e'],
  gray: ['#475569', '#94a3b8', '#1e293b', '#cbd5e1', '#64748b', '#334155'],
};
/** Slices of a pie need distinct hues, not shades. */
export const CATEGORICAL = ['#2563eb', '#16a34a', '#ea580c', '#7c3aed', '#0d9488', '#dc2626', '#ca8a04', '#db2777', '#475569', '#65a30d'];

export function palette(scheme: string): string[] {
  return SCHEMES[scheme] ?? SCHEMES.blue;
}

/** A colour with transparency, for fills under lines and heatmap cells. */
export function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
