import { requireCaller, type HandlerMap } from '../../core/handler';
import { AppError, validationError } from '../../../shared/errors';
import { listEnvelope } from '../query';
import { CAMPAIGN_STATES } from './campaigns-store';
import { isEmail, objectBody, pageParams } from './input-checks';
import type { CampaignsModule } from './create-campaigns';
import { classifyFailure } from './mail-transport';
import { trackingLinks } from './tracking-links';

export function campaignHandlers(m: CampaignsModule): HandlerMap {
  return {
    'email_templates.list': (req) => {
      const { page, pageSize, filters } = pageParams(req.query, ['category']);
      const { count, rows } = m.templatesStore.list(filters.category ?? null, pageSize, (page - 1) * pageSize);
      return listEnvelope({ count, page, pageSize, rows: [] }, rows.map((r) => m.templates.get(r.id)), req);
    },
    'email_templates.create': (req) => m.templates.save(null, req.body, requireCaller(req)),
    'email_templates.variables': () => ({ variables: m.templates.variables(), syntax: '{{name}} or {{name|fallback}}' }),
    'email_templates.retrieve': (req) => m.templates.get(req.params.id),
    'email_templates.update': (req) => m.templates.save(req.params.id, req.body, requireCaller(req)),
    'email_templates.destroy': (req) => {
      m.templates.remove(req.params.id);
      return undefined;
    },
    'email_templates.preview': (req) => {
      const caller = requireCaller(req);
      return m.templates.preview(req.params.id, req.body, { name: caller.full_name, email: caller.email }, m.settings.current()?.tracking_base_url ?? null);
    },
    'email_campaigns.list': (req) => {
      const { page, pageSize, filters } = pageParams(req.query, ['status']);
      if (filters.status && !(CAMPAIGN_STATES as readonly string[]).includes(filters.status)) throw validationError({ status: [`One of: ${CAMPAIGN_STATES.join(', ')}.`] });
      const { count, results } = m.campaigns.list(filters.status ?? null, page, pageSize);
      return listEnvelope({ count, page, pageSize, rows: [] }, results, req);
    },
    'email_campaigns.create': (req) => m.campaigns.save(null, req.body, requireCaller(req)),
    'email_campaigns.audience': (req) => {
      const body = req.body === undefined || req.body === null ? {} : objectBody(req.body);
      for (const key of Object.keys(body)) if (key !== 'segment_filter') throw validationError({ [key]: ['Unknown field.'] });
      return m.campaigns.audienceCount(body.segment_filter ?? {});
    },
    'email_campaigns.retrieve': (req) => m.campaigns.get(req.params.id),
    'email_campaigns.update': (req) => m.campaigns.save(req.params.id, req.body, requireCaller(req)),
    'email_campaigns.destroy': (req) => {
      m.campaigns.remove(req.params.id);
      return undefined;
    },
    'email_campaigns.send': (req) => m.campaigns.send(req.params.id),
    'email_campaigns.schedule': (req) => m.campaigns.schedule(req.params.id, req.body),
    'email_campaigns.pause': (req) => m.campaigns.transition(req.params.id, 'pause'),
    'email_campaigns.resume': (req) => m.campaigns.transition(req.params.id, 'resume'),
    'email_campaigns.cancel': (req) => m.campaigns.transition(req.params.id, 'cancel'),
    'email_campaigns.stats': (req) => m.campaigns.stats(req.params.id),
    'email_settings.retrieve': () => m.settings.view(),
    'email_settings.update': (req) => {
      m.settings.update(req.body);
      return m.settings.view();
    },
    'email_settings.test': async (req) => {
      const caller = requireCaller(req);
      const body = req.body === undefined || req.body === null ? {} : objectBody(req.body);
      for (const key of Object.keys(body)) if (key !== 'to') throw validationError({ [key]: ['Unknown field.'] });
      const to = body.to ?? caller.email;
      if (!isEmail(to)) throw validationError({ to: ['Enter a valid email address.'] });
      const settings = m.settings.current();
      if (!settings) throw new AppError('conflict', 'No SMTP account yet: save the email settings first.');
      const from = settings.username && isEmail(settings.username) ? settings.username : caller.email;
      const { allowed, waitMs } = m.rateLimit.allowance(m.clock.now(), settings.rate_limit_per_minute, settings.rate_limit_per_hour);
      if (allowed <= 0) throw new AppError('rate_limited', 'The sending rate limit is reached; try again shortly.', undefined, Math.ceil(waitMs / 1000));
      const transport = m.createTransport(settings, m.settings.password());
      const links = trackingLinks({ baseUrl: null, secret: '', token: 'test', fromEmail: from });
      try {
        await transport.send({
          from: { name: 'FieldCRM', address: from }, to, subject: 'FieldCRM test message', messageId: `<test-${Date.now()}@${from.split('@')[1]}>`,
          html: '<p>Your SMTP settings work: this install can send campaigns.</p>', text: 'Your SMTP settings work: this install can send campaigns.', links,
        });
      } catch (error) {
        const kind = classifyFailure(error);
        const e = error as { responseCode?: number; response?: string };
        throw validationError({ non_field_errors: [kind === 'connection' ? 'Could not reach or sign in to the SMTP server.' : `The SMTP server refused the message: ${e.responseCode ?? ''} ${String(e.response ?? '').slice(0, 200)}`] });
      } finally {
        transport.close();
        m.rateLimit.record('test', m.clock.now());
      }
      return { sent: true, to };
    },
  };
}
