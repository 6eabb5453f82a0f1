import { requireCaller, type HandlerMap } from '../../core/handler';
import { validationError } from '../../../shared/errors';
import { listEnvelope } from '../query';
import { CAMPAIGN_STATES } from './campaigns-store';
import { pageParams } from './input-checks';
import { withBody } from '../../core/typed-handler';
import { AUDIENCE_BODY, TEST_SEND_BODY } from '../../../shared/contract/campaign-operations';
import type { CampaignsModule } from './create-campaigns';
import { trackingLinks } from './tracking-links';
import { campaignTestMessage, sendOne, testRecipient } from './test-send';

export function campaignHandlers(m: CampaignsModule): HandlerMap {
  return {
    'email_templates.list': (req) => {
      const { page, pageSize, filters } = pageParams(req.query, ['category']);
      const { count, rows } = m.templatesStore.list(filters.category ?? null, pageSize, (page - 1) * pageSize);
      return listEnvelope(
        { count, page, pageSize, rows: [] },
        rows.map((r) => m.templates.get(r.id)),
        req,
      );
    },
    'email_templates.create': (req) => m.templates.save(null, req.body, requireCaller(req)),
    'email_templates.variables': (req) => ({ variables: m.templates.variables(requireCaller(req)), syntax: '{{name}} or {{name|fallback}}' }),
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
      if (filters.status && !(CAMPAIGN_STATES as readonly string[]).includes(filters.status))
        throw validationError({ status: [`One of: ${CAMPAIGN_STATES.join(', ')}.`] });
      const { count, results } = m.campaigns.list(filters.status ?? null, page, pageSize);
      return listEnvelope({ count, page, pageSize, rows: [] }, results, req);
    },
    'email_campaigns.create': (req) => m.campaigns.save(null, req.body, requireCaller(req)),
    'email_campaigns.audience': withBody(AUDIENCE_BODY, (req) => {
      for (const key of Object.keys(req.body)) if (key !== 'segment_filter') throw validationError({ [key]: ['Unknown field.'] });
      return m.campaigns.audienceCount(req.body.segment_filter ?? {});
    }),
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
    'email_settings.test': withBody(TEST_SEND_BODY, async (req) => {
      const caller = requireCaller(req);
      const to = testRecipient(req.body, caller);
      await sendOne(
        m.testDeps,
        (from) => ({
          from: { name: 'FieldCRM', address: from },
          to,
          subject: 'FieldCRM test message',
          messageId: `<test-${Date.now()}@${from.split('@')[1]}>`,
          html: '<p>Your SMTP settings work: this install can send campaigns.</p>',
          text: 'Your SMTP settings work: this install can send campaigns.',
          links: trackingLinks({ baseUrl: null, secret: '', token: 'test', fromEmail: from }),
        }),
        caller,
      );
      return { sent: true, to };
    }),
    'email_campaigns.test': withBody(TEST_SEND_BODY, async (req) => {
      const caller = requireCaller(req);
      const to = testRecipient(req.body, caller);
      const campaign = m.campaigns.row(req.params.id);
      const message = campaignTestMessage(m.testDeps, campaign, to);
      await sendOne(m.testDeps, () => message, caller);
      return { sent: true, to };
    }),
  };
}
