import { convert } from 'html-to-text';
import { escapeHtml, headerSafe, placeholders, substitute, syntaxErrors, type Placeholder } from './template-syntax';
import { BUILT_IN_VARIABLES, variableValue, type VariableSources } from './template-variables';
import type { TrackingLinks } from './tracking-links';

export interface TemplateParts {
  subject: string;
  body_html: string;
  body_text: string | null;
  variables: string[];
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/**
 * Checks a template against the names this install knows. Errors are keyed by field: broken
 * placeholders, used-but-undeclared names and declared-but-unknown names, each named.
 */
export function templateErrors(t: TemplateParts, known: ReadonlySet<string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const declared = new Set(t.variables);
  for (const field of ['subject', 'body_html', 'body_text'] as const) {
    const value = t[field];
    if (value === null) continue;
    for (const bad of syntaxErrors(value)) add(field, `Broken variable "${bad}": write {{name}} or {{name|fallback}}.`);
    for (const p of placeholders(value)) {
      if ((BUILT_IN_VARIABLES as readonly string[]).includes(p.name)) continue;
      if (!declared.has(p.name)) add(field, `Variable "${p.name}" is used but not declared in variables.`);
    }
  }
  if (/[\r\n]/.test(t.subject)) add('subject', 'The subject must be one line.');
  for (const name of t.variables) if (!known.has(name)) add('variables', `Unknown variable "${name}".`);
  return errors;
}

const TEXT_SELECTORS = [
  { selector: 'img', format: 'skip' },
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
];

/** A template prepared once per campaign; `render` runs once per recipient. */
export class PreparedTemplate {
  private readonly textSource: string;

  constructor(private readonly t: TemplateParts) {
    // Placeholders survive the conversion as text, so the HTML is converted once, not per recipient.
    // No wrapping and no upper-casing of headings: either would break a placeholder.
    this.textSource = t.body_text ?? convert(t.body_html, { wordwrap: false, selectors: TEXT_SELECTORS });
  }

  render(sources: VariableSources, links: TrackingLinks, trackClicks: boolean): RenderedMessage {
    const plain = (p: Placeholder) => variableValue(p.name, sources) || (p.fallback ?? '');
    const escaped = (p: Placeholder) => escapeHtml(plain(p));
    const usesUnsubscribe = (s: string) => placeholders(s).some((p) => p.name === 'unsubscribe_url');
    let html = substitute(this.t.body_html, escaped);
    if (links.tracked && trackClicks) html = rewriteLinks(html, links);
    if (!usesUnsubscribe(this.t.body_html)) {
      html = appendBeforeBodyEnd(html, `<p style="font-size:12px;color:#666"><a href="${escapeHtml(links.unsubscribeUrl)}">Unsubscribe</a></p>`);
    }
    if (links.openPixelUrl) html = appendBeforeBodyEnd(html, `<img src="${escapeHtml(links.openPixelUrl)}" width="1" height="1" alt="" style="display:none">`);
    let text = substitute(this.textSource, plain);
    if (!usesUnsubscribe(this.textSource)) text += `\n\nUnsubscribe: ${links.unsubscribeUrl}\n`;
    return { subject: headerSafe(substitute(this.t.subject, plain)), html, text };
  }
}

const HREF = /(<a\b[^>]*?\shref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi;

function rewriteLinks(html: string, links: TrackingLinks): string {
  return html.replace(HREF, (_m, prefix: string, quote: string, url: string) => {
    const target = url.replace(/&amp;/g, '&');
    if (target === links.unsubscribeUrl) return `${prefix}${quote}${url}${quote}`;
    return `${prefix}${quote}${escapeHtml(links.clickUrl(target))}${quote}`;
  });
}

function appendBeforeBodyEnd(html: string, fragment: string): string {
  const at = html.search(/<\/body\s*>/i);
  return at === -1 ? `${html}${fragment}` : `${html.slice(0, at)}${fragment}${html.slice(at)}`;
}
