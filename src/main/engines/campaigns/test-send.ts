import { AppError, validationError } from '../../../shared/errors';
import type { Caller } from '../../core/handler';
import { CampaignMessages, campaignVariants, type OutgoingMessage } from './campaign-messages';
import type { CampaignRow } from './campaigns-store';
import { classifyFailure, type MailTransportFactory } from './mail-transport';
import type { EmailSettings } from './email-settings';
import type { SendRateLimit } from './send-rate-limit';
import type { Audience } from './audience';
import type { TemplatesStore } from './templates-store';
import type { RecordReader } from '../records';
import type { Clock } from '../../core/clock';
import { isEmail } from './input-checks';
import type { BodyOf } from '../../core/typed-handler';
import type { TEST_SEND_BODY } from '../../../shared/contract/campaign-operations';
import { newToken, trackingLinks } from './tracking-links';

export interface TestSendDeps {
  clock: Clock;
  settings: EmailSettings;
  rateLimit: SendRateLimit;
  createTransport: MailTransportFactory;
  audience: Audience;
  templates: TemplatesStore;
  reader: RecordReader;
}

/** `{to?}` from a request body: the caller's own address unless another is given. */
export function testRecipient(input: BodyOf<typeof TEST_SEND_BODY>, caller: Caller): string {
  for (const key of Object.keys(input)) if (key !== 'to') throw validationError({ [key]: ['Unknown field.'] });
  const to = input.to ?? caller.email;
  if (!isEmail(to)) throw validationError({ to: ['Enter a valid email address.'] });
  return to;
}

/** One message outside any campaign, under the same rate limit; SMTP refusals are a 400 saying why. */
export async function sendOne(deps: TestSendDeps, message: (from: string) => OutgoingMessage, caller: Caller): Promise<void> {
  const settings = deps.settings.current();
  if (!settings) throw new AppError('conflict', 'No SMTP account yet: save the email settings first.');
  const { allowed, waitMs } = deps.rateLimit.allowance(deps.clock.now(), settings.rate_limit_per_minute, settings.rate_limit_per_hour);
  if (allowed <= 0) throw new AppError('rate_limited', 'The sending rate limit is reached; try again shortly.', undefined, Math.ceil(waitMs / 1000));
  const transport = deps.createTransport(settings, deps.settings.password());
  try {
    await transport.send(message(settings.username && isEmail(settings.username) ? settings.username : caller.email));
  } catch (error) {
    const e = error as { responseCode?: number; response?: string };
    throw validationError({
      non_field_errors: [
        classifyFailure(error) === 'connection'
          ? 'Could not reach or sign in to the SMTP server.'
          : `The SMTP server refused the message: ${e.responseCode ?? ''} ${String(e.response ?? '').slice(0, 200)}`,
      ],
    });
  } finally {
    transport.close();
    deps.rateLimit.record('test', deps.clock.now());
  }
}

/** The campaign as its first recipient would get it (variant A of a test), sent to `to`. */
export function campaignTestMessage(deps: TestSendDeps, campaign: CampaignRow, to: string): OutgoingMessage {
  const member = deps.audience.members(JSON.parse(campaign.segment_filter))[0];
  if (!member) throw validationError({ segment_filter: ['The audience is empty: there is nobody to render the test for.'] });
  const token = newToken();
  const builder = new CampaignMessages(campaign, { templates: deps.templates, reader: deps.reader, trackingBaseUrl: null, trackingSecret: '' });
  const m = builder.build({
    contact_id: member.id,
    email: to,
    token,
    variant: campaignVariants(campaign)[0]?.key ?? null,
    message_id: `<test-${token}@${campaign.from_email.split('@')[1]}>`,
  });
  return { ...m, subject: `[Test] ${m.subject}`, links: trackingLinks({ baseUrl: null, secret: '', token, fromEmail: campaign.from_email }) };
}
