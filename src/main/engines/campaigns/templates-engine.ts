import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import type { Caller } from '../../core/handler';
import type { ListQueryEngine } from '../query';
import type { RecordReader } from '../records';
import { PreparedTemplate, templateErrors } from './template-renderer';
import { knownVariables } from './template-variables';
import { trackingLinks } from './tracking-links';
import type { TemplateRow, TemplatesStore } from './templates-store';
import { objectBody, text, unknownKeys } from './input-checks';
import type { EmailTemplate } from '../../../shared/contract/campaign-types';
import { templateParts } from './campaign-messages';

const KEYS = ['name', 'subject', 'body_html', 'body_text', 'variables', 'category'];
const MAX_BODY = 512 * 1024;

export type { EmailTemplate };

export function templateView(row: TemplateRow): EmailTemplate {
  return { ...row, variables: JSON.parse(row.variables) as string[] };
}

/** Email templates: validated against the variables this install knows, previewed per record. */
export class TemplatesEngine {
  constructor(private readonly deps: { clock: Clock; store: TemplatesStore; query: ListQueryEngine; reader: RecordReader; inUse(id: string): number }) {}

  get(id: string): EmailTemplate {
    const row = this.deps.store.get(id);
    if (!row) throw notFound('Email template');
    return templateView(row);
  }

  /** The variables the viewer may use: custom fields hidden from their role are not named. */
  variables(viewer: { id: string; role: string }): string[] {
    return [...knownVariables(this.deps.query, viewer)].sort();
  }

  save(id: string | null, body: unknown, caller: Caller): EmailTemplate {
    const prior = id ? this.deps.store.get(id) : undefined;
    if (id && !prior) throw notFound('Email template');
    const input = objectBody(body);
    const merged: Record<string, unknown> = prior ? { ...templateView(prior), ...input } : input;
    const errors: FieldErrors = {};
    unknownKeys(input, KEYS, errors);
    const name = text(merged, 'name', errors, { required: true, max: 200, oneLine: true });
    const subject = text(merged, 'subject', errors, { required: true, max: 500 });
    const bodyHtml = text(merged, 'body_html', errors, { required: true, max: MAX_BODY });
    const bodyText = text(merged, 'body_text', errors, { required: false, max: MAX_BODY, nullable: true });
    const category = text(merged, 'category', errors, { required: false, max: 100, oneLine: true, nullable: true });
    const variables = merged.variables ?? [];
    if (!Array.isArray(variables) || variables.length > 200 || !variables.every((v) => typeof v === 'string'))
      errors.variables = ['Expected a list of variable names.'];
    if (Object.keys(errors).length) throw validationError(errors);
    const parts = { subject: subject!, body_html: bodyHtml!, body_text: bodyText ? bodyText : null, variables: [...new Set(variables as string[])] };
    Object.assign(errors, templateErrors(parts, knownVariables(this.deps.query)));
    if (Object.keys(errors).length) throw validationError(errors);
    const at = this.deps.clock.now().toISOString();
    const row: TemplateRow = {
      id: id ?? newId(),
      name: name!.trim(),
      ...parts,
      variables: JSON.stringify(parts.variables),
      category: category || null,
      created_by: prior?.created_by ?? caller.id,
      created_at: prior?.created_at ?? at,
      updated_at: at,
    };
    this.deps.store.put(row);
    return templateView(row);
  }

  remove(id: string): void {
    this.get(id);
    if (this.deps.inUse(id) > 0) throw new AppError('conflict', 'Campaigns use this template; change them first.');
    this.deps.store.delete(id);
  }

  /** The template rendered for one contact or lead, as a recipient without a relay would get it. */
  preview(
    id: string,
    body: unknown,
    sender: { name: string; email: string },
    trackingBaseUrl: string | null,
  ): { subject: string; body_html: string; body_text: string } {
    const t = this.get(id);
    const input = objectBody(body);
    const errors: FieldErrors = {};
    unknownKeys(input, ['model', 'object_id'], errors);
    const entity = input.model === 'contact' || input.model === 'lead' ? entityByName(input.model)! : null;
    if (!entity) errors.model = ['One of: contact, lead.'];
    if (typeof input.object_id !== 'string' || input.object_id === '') errors.object_id = ['This field is required.'];
    if (Object.keys(errors).length) throw validationError(errors);
    const recipient = this.deps.reader.getRow(entity!, input.object_id as string);
    if (!recipient || recipient.deleted_at) throw validationError({ object_id: [`No ${entity!.name} with id "${String(input.object_id)}".`] });
    const companyEntity = entityByName('company')!;
    const company = typeof recipient.company === 'string' ? this.deps.reader.getRow(companyEntity, recipient.company) : undefined;
    const links = trackingLinks({ baseUrl: trackingBaseUrl, secret: 'preview', token: 'preview-token-0000', fromEmail: sender.email });
    const r = new PreparedTemplate(templateParts(this.deps.store.get(t.id)!)).render(
      { recipient, company, sender, unsubscribeUrl: links.unsubscribeUrl },
      { ...links, openPixelUrl: null },
      false,
    );
    return { subject: r.subject, body_html: r.html, body_text: r.text };
  }
}
