import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import { companyEntity, contactEntity, leadEntity, opportunityEntity } from '../../../shared/entities/entities';
import { isJsonObject } from '../../core/json-object';
import type { BodyOf, RequestWith } from '../../core/typed-handler';
import type { LEAD_CONVERT_BODY } from '../../../shared/contract/lead-convert-body';
import type { CrmDeps } from './record-handlers';
import { writeContext } from '../records';

const CONVERT_KEYS = ['create_company', 'create_opportunity', 'opportunity'];
/** What `opportunity` may set; anything else is refused, never silently dropped. */
const OPPORTUNITY_KEYS = ['name', 'amount', 'close_date', 'stage'];

/**
 * Lead -> contact (+ company, + opportunity) in one transaction. An existing live contact
 * with the lead's email, or company with its name, is linked instead of duplicated.
 */
export function convertLead(deps: CrmDeps, req: RequestWith<BodyOf<typeof LEAD_CONVERT_BODY>>) {
  const { records, reader } = deps;
  const body = req.body;
  const errors: FieldErrors = {};
  for (const key of Object.keys(body)) if (!CONVERT_KEYS.includes(key)) errors[key] = ['Unknown field.'];
  for (const key of ['create_company', 'create_opportunity']) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean') errors[key] = ['Must be a valid boolean.'];
  }
  if (body.opportunity !== undefined && !isJsonObject(body.opportunity)) {
    errors.opportunity = ['Expected an object.'];
  } else if (body.opportunity !== undefined) {
    for (const key of Object.keys(body.opportunity)) {
      if (!OPPORTUNITY_KEYS.includes(key)) errors[`opportunity.${key}`] = [`Unknown field. One of: ${OPPORTUNITY_KEYS.join(', ')}.`];
    }
  }
  if (Object.keys(errors).length) throw validationError(errors);
  const ctx = writeContext(req);
  const lead = reader.get(leadEntity, req.params.id);
  if (lead.status === 'converted' || lead.converted_at) throw new AppError('conflict', 'This lead has already been converted.');

  return records.transaction(() => {
    let company: Record<string, unknown> | null = null;
    const companyName = typeof lead.company_name === 'string' ? lead.company_name : null;
    if (companyName && body.create_company !== false) {
      const existing = deps.query.list(companyEntity, { name__iexact: companyName, page_size: '1' });
      company = existing.rows[0] ? reader.serialize(companyEntity, existing.rows)[0] : records.create('company', { name: companyName, tags: lead.tags }, ctx);
    }
    const existingContact = deps.query.list(contactEntity, { email__iexact: String(lead.email), page_size: '1' });
    const assigned = (lead.assigned_to as { id?: string } | null)?.id ?? (lead.owner as { id?: string } | null)?.id ?? null;
    const contact = existingContact.rows[0]
      ? reader.serialize(contactEntity, existingContact.rows)[0]
      : records.create(
          'contact',
          {
            first_name: lead.first_name,
            last_name: lead.last_name || lead.email,
            email: lead.email,
            phone: lead.phone,
            job_title: lead.job_title,
            company: company?.id ?? null,
            company_name: companyName,
            source: lead.lead_source,
            contact_type: 'customer',
            assigned_to: assigned,
            tags: lead.tags,
            notes: lead.notes,
          },
          ctx,
        );
    let opportunity: Record<string, unknown> | null = null;
    if (body.create_opportunity === true) {
      const o = body.opportunity ?? {};
      const inDays = (d: number) => new Date(records.now().getTime() + d * 86_400_000).toISOString().slice(0, 10);
      try {
        opportunity = records.create(
          'opportunity',
          {
            name: o.name ?? `${companyName ?? [lead.first_name, lead.last_name].filter(Boolean).join(' ')} opportunity`,
            amount: o.amount ?? lead.estimated_value ?? 0,
            close_date: o.close_date ?? inDays(30),
            stage: o.stage ?? 'qualification',
            contact: contact.id,
            company: company?.id ?? null,
            owner: assigned,
            tags: lead.tags,
          },
          ctx,
        );
      } catch (e) {
        if (e instanceof AppError && e.fields) throw validationError(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`opportunity.${k}`, v])));
        throw e;
      }
      records.writeSystemFields('opportunity', String(opportunity.id), { lead: lead.id }, ctx);
    }
    records.writeSystemFields(
      'lead',
      String(lead.id),
      {
        status: 'converted',
        converted_at: records.now().toISOString(),
        converted_contact: contact.id,
        converted_opportunity: opportunity?.id ?? null,
      },
      ctx,
    );
    return {
      lead: reader.get(leadEntity, String(lead.id)),
      contact: reader.get(contactEntity, String(contact.id)),
      company: company ? reader.get(companyEntity, String(company.id)) : null,
      opportunity: opportunity ? reader.get(opportunityEntity, String(opportunity.id)) : null,
    };
  });
}
