import { listEnvelope, PAGING_QUERY } from './record-schemas';
import type { JsonSchema, Operation } from './operation';

/** Spec section 2: email templates, campaigns, their stats, and this install's SMTP account. */

const TEMPLATE: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    subject: { type: 'string', description: 'May use variables: `Welcome, {{first_name|there}}!`' },
    body_html: {
      type: 'string',
      description: 'Values are HTML-escaped. `{{unsubscribe_url}}` places the unsubscribe link; without it a footer link is added.',
    },
    body_text: { type: ['string', 'null'], description: 'Derived from body_html when null' },
    variables: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Every variable the template uses (built-ins `unsubscribe_url`, `sender.name`, `sender.email` excepted); see GET /api/v1/email-templates/variables/',
    },
    category: { type: ['string', 'null'] },
    created_by: { type: ['string', 'null'] },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const TEMPLATE_INPUT = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: {
    name: { type: 'string' },
    subject: { type: 'string' },
    body_html: { type: 'string' },
    body_text: { type: ['string', 'null'] },
    variables: { type: 'array', items: { type: 'string' } },
    category: { type: ['string', 'null'] },
  },
});

const AB_TEST: JsonSchema = {
  type: ['object', 'null'],
  properties: {
    variants: { type: 'array', minItems: 2, maxItems: 5, items: { type: 'object', properties: { subject: { type: 'string' }, template: { type: 'string' } } } },
    test_share: { type: 'number', description: 'Fraction of the audience in the test (default 0.2); the winner goes to the rest' },
    winner_metric: { type: 'string', enum: ['clicks', 'opens'], description: 'Default clicks' },
    duration_minutes: { type: 'integer', description: 'Test length before the winner is sent (default 240)' },
  },
};

const CAMPAIGN_INPUT = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: {
    name: { type: 'string' },
    template: { type: ['string', 'null'] },
    segment_filter: {
      type: 'object',
      description: "Contact filters of the list query grammar; names of the company (industry, size) apply to the contact's company",
    },
    scheduled_send: { type: ['string', 'null'], format: 'date-time' },
    from_email: { type: 'string', format: 'email' },
    from_name: { type: ['string', 'null'] },
    track_clicks: { type: 'boolean', description: 'Rewrite links for click tracking (only with a relay); default true' },
    ab_test: AB_TEST,
  },
});

const CAMPAIGN: JsonSchema = {
  type: 'object',
  properties: {
    ...(CAMPAIGN_INPUT([]).properties as object),
    id: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled', 'failed'] },
    failure: { type: ['string', 'null'] },
    tracking: { type: 'boolean', description: 'False without a team relay: no open/click tracking, mailto unsubscribe' },
    progress: { type: 'object', properties: { total: { type: 'integer' }, done: { type: 'integer' }, queued: { type: 'integer' } } },
    started_at: { type: ['string', 'null'] },
    finished_at: { type: ['string', 'null'] },
  },
};

const COUNTS = {
  total_recipients: { type: 'integer' },
  sent: { type: 'integer' },
  delivered: { type: 'integer' },
  opened: { type: 'integer' },
  clicked: { type: 'integer' },
  bounced: { type: 'integer' },
  unsubscribed: { type: 'integer' },
  open_rate: { type: 'number' },
  click_rate: { type: 'number' },
  bounce_rate: { type: 'number' },
  machine_opened: { type: 'integer', description: 'Opened only by a privacy proxy; not in opened' },
};

const STATS: JsonSchema = {
  type: 'object',
  properties: {
    ...COUNTS,
    variants: { type: 'array', items: { type: 'object', properties: { variant: { type: 'string' }, ...COUNTS } } },
    hourly: { type: 'array', items: { type: 'object', properties: { hour: { type: 'string' }, opens: { type: 'integer' }, clicks: { type: 'integer' } } } },
  },
};

const AUDIENCE: JsonSchema = {
  type: 'object',
  properties: {
    matched: { type: 'integer' },
    eligible: { type: 'integer' },
    excluded: { type: 'object', properties: { unsubscribed: { type: 'integer' }, bounced: { type: 'integer' }, no_email: { type: 'integer' } } },
  },
};

const SETTINGS: JsonSchema = {
  type: 'object',
  properties: {
    host: { type: 'string' },
    port: { type: 'integer' },
    secure: { type: 'boolean' },
    username: { type: 'string' },
    password: { type: 'string', writeOnly: true, description: 'Never returned' },
    rate_limit_per_minute: { type: ['integer', 'null'] },
    rate_limit_per_hour: { type: ['integer', 'null'] },
    tracking_base_url: { type: ['string', 'null'], description: "The team relay's public URL for tracking and unsubscribe links; null: no relay" },
  },
};

/** `as const`: the handlers' body types derive from these. */
export const AUDIENCE_BODY = { type: 'object', properties: { segment_filter: { type: 'object' } } } as const;
export const TEST_SEND_BODY = { type: 'object', properties: { to: { type: 'string', format: 'email' } } } as const;

const T = 'Email templates';
const C = 'Email campaigns';
const tBase = '/api/v1/email-templates/';
const cBase = '/api/v1/email-campaigns/';

export const CAMPAIGN_OPERATIONS: readonly Operation[] = [
  {
    id: 'email_templates.list',
    method: 'GET',
    path: tBase,
    summary: 'Email templates by name',
    tag: T,
    access: 'read',
    query: [{ name: 'category', description: 'Only this category' }, ...PAGING_QUERY],
    response: listEnvelope(TEMPLATE),
  },
  {
    id: 'email_templates.create',
    method: 'POST',
    path: tBase,
    summary: 'Create a template (variables checked)',
    tag: T,
    access: 'write',
    status: 201,
    requestBody: TEMPLATE_INPUT(['name', 'subject', 'body_html']),
    response: TEMPLATE,
  },
  { id: 'email_templates.variables', method: 'GET', path: `${tBase}variables/`, summary: 'The variable names templates may use', tag: T, access: 'read' },
  { id: 'email_templates.retrieve', method: 'GET', path: `${tBase}{id}/`, summary: 'One template', tag: T, access: 'read', response: TEMPLATE },
  {
    id: 'email_templates.update',
    method: 'PUT',
    path: `${tBase}{id}/`,
    summary: 'Change a template',
    tag: T,
    access: 'write',
    requestBody: TEMPLATE_INPUT([]),
    response: TEMPLATE,
  },
  {
    id: 'email_templates.destroy',
    method: 'DELETE',
    path: `${tBase}{id}/`,
    summary: 'Delete a template no campaign uses',
    tag: T,
    access: 'write',
    status: 204,
  },
  {
    id: 'email_templates.preview',
    method: 'POST',
    path: `${tBase}{id}/preview/`,
    summary: 'Render the template for one contact or lead',
    tag: T,
    access: 'read',
    requestBody: {
      type: 'object',
      required: ['model', 'object_id'],
      properties: { model: { type: 'string', enum: ['contact', 'lead'] }, object_id: { type: 'string' } },
    },
    response: { type: 'object', properties: { subject: { type: 'string' }, body_html: { type: 'string' }, body_text: { type: 'string' } } },
  },
  {
    id: 'email_campaigns.list',
    method: 'GET',
    path: cBase,
    summary: 'Campaigns, newest first',
    tag: C,
    access: 'read',
    query: [{ name: 'status', description: 'Only campaigns in this state' }, ...PAGING_QUERY],
    response: listEnvelope(CAMPAIGN),
  },
  {
    id: 'email_campaigns.create',
    method: 'POST',
    path: cBase,
    summary: 'Create a campaign (draft)',
    tag: C,
    access: 'write',
    status: 201,
    requestBody: CAMPAIGN_INPUT(['name', 'from_email']),
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.audience',
    method: 'POST',
    path: `${cBase}audience/`,
    summary: 'Live audience count of a segment filter, with exclusions',
    tag: C,
    access: 'read',
    requestBody: AUDIENCE_BODY,
    response: AUDIENCE,
  },
  {
    id: 'email_campaigns.retrieve',
    method: 'GET',
    path: `${cBase}{id}/`,
    summary: 'One campaign with its sending progress',
    tag: C,
    access: 'read',
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.update',
    method: 'PUT',
    path: `${cBase}{id}/`,
    summary: 'Change a draft, scheduled or paused campaign',
    tag: C,
    access: 'write',
    requestBody: CAMPAIGN_INPUT([]),
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.destroy',
    method: 'DELETE',
    path: `${cBase}{id}/`,
    summary: 'Delete a campaign that is not sending',
    tag: C,
    access: 'write',
    status: 204,
  },
  {
    id: 'email_campaigns.send',
    method: 'POST',
    path: `${cBase}{id}/send/`,
    summary: 'Send now (this install sends)',
    tag: C,
    access: 'write',
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.schedule',
    method: 'POST',
    path: `${cBase}{id}/schedule/`,
    summary: 'Send at scheduled_send (this install sends; if closed then, at its next start)',
    tag: C,
    access: 'write',
    requestBody: { type: 'object', properties: { scheduled_send: { type: 'string', format: 'date-time' } } },
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.pause',
    method: 'POST',
    path: `${cBase}{id}/pause/`,
    summary: 'Pause a scheduled or sending campaign',
    tag: C,
    access: 'write',
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.resume',
    method: 'POST',
    path: `${cBase}{id}/resume/`,
    summary: 'Resume a paused campaign',
    tag: C,
    access: 'write',
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.cancel',
    method: 'POST',
    path: `${cBase}{id}/cancel/`,
    summary: 'Cancel a campaign; nobody else is mailed',
    tag: C,
    access: 'write',
    response: CAMPAIGN,
  },
  {
    id: 'email_campaigns.test',
    method: 'POST',
    path: `${cBase}{id}/test/`,
    summary: 'Send the campaign, as its first recipient would get it, to yourself (or a given address)',
    tag: C,
    access: 'write',
    requestBody: TEST_SEND_BODY,
  },
  {
    id: 'email_campaigns.stats',
    method: 'GET',
    path: `${cBase}{id}/stats/`,
    summary: 'Unique counts and rates, per variant, opens and clicks per hour',
    tag: C,
    access: 'read',
    response: STATS,
  },
  {
    id: 'email_settings.retrieve',
    method: 'GET',
    path: '/api/v1/email-settings/',
    summary: 'The SMTP account (never the password)',
    tag: C,
    access: 'admin',
    response: SETTINGS,
  },
  {
    id: 'email_settings.update',
    method: 'PUT',
    path: '/api/v1/email-settings/',
    summary: 'Set the SMTP account, rate limits and relay URL',
    tag: C,
    access: 'admin',
    requestBody: SETTINGS,
    response: SETTINGS,
  },
  {
    id: 'email_settings.test',
    method: 'POST',
    path: '/api/v1/email-settings/test/',
    summary: 'Send a test message to yourself (or a given address)',
    tag: C,
    access: 'admin',
    requestBody: TEST_SEND_BODY,
  },
];
