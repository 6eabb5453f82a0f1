import { companyEntity, contactEntity } from '../../../shared/entities/entities';
import type { RecordReader } from '../records';
import type { CampaignRow } from './campaigns-store';
import { PreparedTemplate, type RenderedMessage, type TemplateParts } from './template-renderer';
import type { TemplateRow, TemplatesStore } from './templates-store';
import { trackingLinks, type TrackingLinks } from './tracking-links';
import { headerSafe } from './template-syntax';

export interface Variant {
  key: string;
  subject?: string;
  template?: string;
}

export function campaignVariants(c: CampaignRow): Variant[] {
  return c.variants ? (JSON.parse(c.variants) as Variant[]) : [];
}

export function templateParts(t: TemplateRow): TemplateParts {
  return { subject: t.subject, body_html: t.body_html, body_text: t.body_text, variables: JSON.parse(t.variables) as string[] };
}

export interface OutgoingMessage extends RenderedMessage {
  from: { name: string; address: string };
  to: string;
  messageId: string;
  links: TrackingLinks;
}

/**
 * Builds one campaign's messages: templates prepared once per variant, values read per
 * recipient from its record and its company.
 */
export class CampaignMessages {
  private readonly prepared = new Map<string, PreparedTemplate>();

  constructor(
    private readonly campaign: CampaignRow,
    private readonly deps: { templates: TemplatesStore; reader: RecordReader; trackingBaseUrl: string | null; trackingSecret: string },
  ) {}

  private template(variantKey: string | null): PreparedTemplate {
    const key = variantKey ?? '';
    let p = this.prepared.get(key);
    if (p) return p;
    const variant = campaignVariants(this.campaign).find((v) => v.key === variantKey);
    const row = this.deps.templates.get(variant?.template ?? this.campaign.template ?? '');
    if (!row) throw new Error('the template of this campaign was deleted');
    const parts = templateParts(row);
    if (variant?.subject) parts.subject = variant.subject;
    p = new PreparedTemplate(parts);
    this.prepared.set(key, p);
    return p;
  }

  build(r: { contact_id: string; email: string; token: string; variant: string | null; message_id: string }): OutgoingMessage {
    const c = this.campaign;
    const recipient = this.deps.reader.getRow(contactEntity, r.contact_id) ?? { id: r.contact_id, email: r.email };
    const company = typeof recipient.company === 'string' ? this.deps.reader.getRow(companyEntity, recipient.company) : undefined;
    const links = trackingLinks({
      baseUrl: this.deps.trackingBaseUrl,
      secret: this.deps.trackingSecret,
      token: r.token,
      fromEmail: c.from_email,
      email: r.email,
    });
    const sender = { name: c.from_name ?? '', email: c.from_email };
    const rendered = this.template(r.variant).render({ recipient, company, sender, unsubscribeUrl: links.unsubscribeUrl }, links, c.track_clicks === 1);
    return { ...rendered, from: { name: headerSafe(sender.name), address: c.from_email }, to: r.email, messageId: r.message_id, links };
  }
}
