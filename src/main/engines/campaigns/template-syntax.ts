/**
 * The template language: `{{name}}` or `{{name|fallback}}`. Names are letters, digits, `_`
 * and `.` (`company.industry`, `custom.tier`, `sender.name`); the fallback is literal text
 * used when the value is empty. Anything else between `{{` and `}}`, or a `{{` that never
 * closes, is a syntax error naming the fragment.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^{}]*))?\}\}/g;
const ANY_OPEN = /\{\{([^]*?)(\}\}|$)/g;

export interface Placeholder {
  name: string;
  fallback: string | null;
}

export function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1], fallback: m[2] ?? null }));
}

/** Fragments that start like a placeholder but are not one. */
export function syntaxErrors(text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(ANY_OPEN)) {
    const whole = m[0];
    PLACEHOLDER.lastIndex = 0;
    const ok = m[2] === '}}' && new RegExp(`^${PLACEHOLDER.source}$`).test(whole);
    if (!ok) bad.push(whole.length > 40 ? `${whole.slice(0, 40)}…` : whole);
  }
  // A lone `}}` with no opening is left as text: it is harmless and common in CSS.
  return bad;
}

export function substitute(text: string, value: (p: Placeholder) => string): string {
  return text.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => value({ name, fallback: fallback ?? null }));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Header values never carry a line break, whatever a record's field holds. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029\0]+/g, ' ').trim();
}
