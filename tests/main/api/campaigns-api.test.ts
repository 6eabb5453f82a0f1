import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink';

let t: TestServer;
let smtp: SmtpSink;
let output = '';
const originalError = console.error;
const originalLog = console.log;

function expect400(res: ApiResponse, field: string, text?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body.error)).toContain(field);
  if (text) expect(res.body.error.fields[field].join(' ')).toMatch(text);
}

const templateCount = () => t.server.engine.db.prepare('SELECT count(*) FROM email_templates').pluck().get() as number;

beforeAll(async () => {
  // Whatever the engine logs is kept, to check the SMTP password never appears in it.
  console.error = (...args: unknown[]) => (output += args.join(' '));
  console.log = (...args: unknown[]) => (output += args.join(' '));
  smtp = await startSmtpSink();
  t = await startTestServer();
  const tech = await t.request('POST', '/api/v1/companies/', { body: { name: 'Initech', industry: 'technology', size: '1000+' } });
  const small = await t.request('POST', '/api/v1/companies/', { body: { name: 'Tiny', industry: 'technology', size: '1-10' } });
  await t.request('POST', '/api/v1/contacts/', { body: { first_name: 'Bob', last_name: 'B', email: 'bob@x.test', company: tech.body.id } });
  await t.request('POST', '/api/v1/contacts/', {
    body: { first_name: 'Opt', last_name: 'Out', email: 'optout@x.test', company: tech.body.id, email_opt_out: true },
  });
  await t.request('POST', '/api/v1/contacts/', { body: { first_name: 'Sam', last_name: 'S', email: 'sam@x.test', company: small.body.id } });
});

afterAll(async () => {
  await t.stop();
  await smtp.close();
  console.error = originalError;
  console.log = originalLog;
});

describe('email settings', () => {
  it('are admin only, never return the password, and refuse bad values', async () => {
    const rep = await t.userWithRole('sales_rep');
    expect((await t.request('GET', '/api/v1/email-settings/', { token: rep.token })).status).toBe(403);
    const put = await t.request('PUT', '/api/v1/email-settings/', {
      body: { host: '127.0.0.1', port: smtp.port, secure: false, username: 'mailer@acme.test', password: 'hunter2-secret', rate_limit_per_minute: 100 },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ host: '127.0.0.1', password_set: true, tracking: false, tracking_base_url: null });
    expect(JSON.stringify(put.body)).not.toContain('hunter2');
    expect(JSON.stringify((await t.request('GET', '/api/v1/email-settings/')).body)).not.toContain('hunter2');
    // Kept in the install's secret store (the OS keychain on the desktop), not with the settings.
    expect(t.server.engine.db.prepare("SELECT value FROM settings WHERE key = 'email.smtp'").pluck().get()).not.toContain('hunter2');
    expect400(await t.request('PUT', '/api/v1/email-settings/', { body: { port: 70000 } }), 'port');
    expect400(await t.request('PUT', '/api/v1/email-settings/', { body: { tracking_base_url: 'javascript:alert(1)' } }), 'tracking_base_url');
    expect400(await t.request('PUT', '/api/v1/email-settings/', { body: { username: 'a\r\nb' } }), 'username');
    expect400(await t.request('PUT', '/api/v1/email-settings/', { body: { rate_limit_per_hour: -1 } }), 'rate_limit_per_hour');
    expect((await t.request('GET', '/api/v1/email-settings/')).body.rate_limit_per_minute).toBe(100);
  });

  it('sends a test message to the caller', async () => {
    const before = smtp.received.length;
    const res = await t.request('POST', '/api/v1/email-settings/test/', { body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ sent: true, to: 'admin@example.com' });
    await smtp.waitFor(before + 1);
    expect(smtp.received.at(-1)!.to).toBe('admin@example.com');
    expect400(await t.request('POST', '/api/v1/email-settings/test/', { body: { to: 'not an address' } }), 'to');
  });
});

describe('email templates', () => {
  it('refuse broken, undeclared and unknown variables, naming them, and write nothing', async () => {
    const before = templateCount();
    const base = { name: 'T', subject: 'Hi {{first_name}}', body_html: '<p>Hi {{first_name}}</p>', variables: ['first_name'] };
    expect400(
      await t.request('POST', '/api/v1/email-templates/', { body: { ...base, body_html: '<p>{{first_name</p>' } }),
      'body_html',
      /Broken variable "\{\{first_name/,
    );
    expect400(await t.request('POST', '/api/v1/email-templates/', { body: { ...base, body_html: '<p>{{ 1x }}</p>' } }), 'body_html', /Broken/);
    expect400(
      await t.request('POST', '/api/v1/email-templates/', { body: { ...base, subject: 'Hi {{last_name}}' } }),
      'subject',
      /"last_name" is used but not declared/,
    );
    expect400(
      await t.request('POST', '/api/v1/email-templates/', { body: { ...base, variables: ['first_name', 'shoe_size'] } }),
      'variables',
      /Unknown variable "shoe_size"/,
    );
    expect400(await t.request('POST', '/api/v1/email-templates/', { body: { ...base, subject: 'Hi\r\nBcc: x@y.test' } }), 'subject', /one line/);
    expect400(await t.request('POST', '/api/v1/email-templates/', { body: { ...base, name: '' } }), 'name');
    expect400(await t.request('POST', '/api/v1/email-templates/', { body: { ...base, extra: 1 } }), 'extra');
    expect(templateCount()).toBe(before);
  });

  it('CRUD, the spec example with a custom field, and a preview for a record', async () => {
    const cf = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'activation_link', label: 'Activation link', field_type: 'url', content_type: 'contact' },
    });
    expect([200, 201]).toContain(cf.status);
    const spec = await t.request('POST', '/api/v1/email-templates/', {
      body: {
        name: 'Welcome Email',
        subject: 'Welcome to {{company_name}}, {{first_name}}!',
        body_html: '<h1>Welcome!</h1><p>Hi {{first_name}},</p>...',
        body_text: 'Welcome! Hi {{first_name}},...',
        variables: ['first_name', 'company_name', 'activation_link'],
        category: 'onboarding',
      },
    });
    expect(spec.status, JSON.stringify(spec.body)).toBe(201);
    expect(spec.body).toMatchObject({ name: 'Welcome Email', category: 'onboarding', variables: ['first_name', 'company_name', 'activation_link'] });
    const list = await t.request('GET', '/api/v1/email-templates/?category=onboarding');
    expect(list.body.count).toBe(1);
    const upd = await t.request('PUT', `/api/v1/email-templates/${spec.body.id}/`, { body: { name: 'Welcome' } });
    expect(upd.body.name).toBe('Welcome');
    const bob = (await t.request('GET', '/api/v1/contacts/?email=bob@x.test')).body.results[0];
    const preview = await t.request('POST', `/api/v1/email-templates/${spec.body.id}/preview/`, { body: { model: 'contact', object_id: bob.id } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.subject).toBe('Welcome to Initech, Bob!');
    expect(preview.body.body_text).toContain('Welcome! Hi Bob,...');
    expect400(await t.request('POST', `/api/v1/email-templates/${spec.body.id}/preview/`, { body: { model: 'deal', object_id: bob.id } }), 'model');
    expect400(await t.request('POST', `/api/v1/email-templates/${spec.body.id}/preview/`, { body: { model: 'contact', object_id: 'nope' } }), 'object_id');
    expect((await t.request('GET', '/api/v1/email-templates/variables/')).body.variables).toContain('company.industry');
    const del = await t.request('DELETE', `/api/v1/email-templates/${spec.body.id}/`);
    expect(del.status).toBe(204);
    expect((await t.request('GET', `/api/v1/email-templates/${spec.body.id}/`)).status).toBe(404);
  });
});

describe('email campaigns', () => {
  let templateId: string;
  beforeAll(async () => {
    const res = await t.request('POST', '/api/v1/email-templates/', {
      body: { name: 'Launch', subject: 'News for {{company_name}}', body_html: '<p>Hi {{first_name|there}}</p>', variables: ['first_name', 'company_name'] },
    });
    templateId = res.body.id;
  });

  it('counts the audience of the spec example segment live, with exclusions', async () => {
    const res = await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { industry: 'technology', size: 'enterprise' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ matched: 2, eligible: 1, excluded: { unsubscribed: 1, bounced: 0, no_email: 0 } });
    const all = await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { company__industry__icontains: 'tech' } } });
    expect(all.body.eligible).toBe(2);
    expect400(
      await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { shoe_size: 42 } } }),
      'segment_filter.shoe_size',
      /Unknown filter/,
    );
    expect400(await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { size: 'galactic' } } }), 'segment_filter.size');
    expect400(await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { ordering: 'email' } } }), 'segment_filter.ordering');
    expect400(await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: 'industry=tech' } }), 'segment_filter');
  });

  it('refuses bad campaigns: header injection, past schedule, unknown template, empty audience', async () => {
    const base = {
      name: 'Q1 Product Launch',
      template: templateId,
      segment_filter: { industry: 'technology', size: 'enterprise' },
      from_email: 'sales@company.test',
      from_name: 'Sales Team',
    };
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, from_name: 'Sales\r\nBcc: all@x.test' } }), 'from_name');
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, from_email: 'sales@company.test\r\nBcc: a@b.test' } }), 'from_email');
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, scheduled_send: '2001-01-01T00:00:00Z' } }), 'scheduled_send', /future/);
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, template: 'missing' } }), 'template');
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, segment_filter: { nope: 1 } } }), 'segment_filter.nope');
    expect400(await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, ab_test: { variants: [{ subject: 'only one' }] } } }), 'ab_test.variants');
    const empty = await t.request('POST', '/api/v1/email-campaigns/', { body: { ...base, segment_filter: { industry: 'mining' } } });
    expect(empty.status).toBe(201);
    expect400(await t.request('POST', `/api/v1/email-campaigns/${empty.body.id}/send/`, { body: {} }), 'segment_filter', /empty/);
    expect400(
      await t.request('POST', `/api/v1/email-campaigns/${empty.body.id}/schedule/`, { body: { scheduled_send: '2099-01-01T00:00:00Z' } }),
      'segment_filter',
      /empty/,
    );
    const ok = await t.request('POST', '/api/v1/email-campaigns/', { body: base });
    expect400(
      await t.request('POST', `/api/v1/email-campaigns/${ok.body.id}/schedule/`, { body: { scheduled_send: '2001-01-01T00:00:00Z' } }),
      'scheduled_send',
      /future/,
    );
    expect((await t.request('GET', `/api/v1/email-campaigns/${empty.body.id}/`)).body.status).toBe('draft');
  });

  it('sends the spec example campaign, shows progress and stats in the spec shape', async () => {
    const before = smtp.received.length;
    const created = await t.request('POST', '/api/v1/email-campaigns/', {
      body: {
        name: 'Q1 Product Launch',
        template: templateId,
        segment_filter: { industry: 'technology', size: 'enterprise' },
        scheduled_send: '2099-02-15T09:00:00Z',
        from_email: 'sales@company.test',
        from_name: 'Sales Team',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', tracking: false, scheduled_send: '2099-02-15T09:00:00.000Z' });
    const scheduled = await t.request('POST', `/api/v1/email-campaigns/${created.body.id}/schedule/`, { body: {} });
    expect(scheduled.body.status).toBe('scheduled');
    const sent = await t.request('POST', `/api/v1/email-campaigns/${created.body.id}/send/`, { body: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.status).toBe('sending');
    await smtp.waitFor(before + 1);
    let campaign = sent.body;
    for (let i = 0; i < 100 && campaign.status === 'sending'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      campaign = (await t.request('GET', `/api/v1/email-campaigns/${created.body.id}/`)).body;
    }
    expect(campaign).toMatchObject({ status: 'sent', progress: { total: 1, done: 1, queued: 0 } });
    expect(smtp.received.slice(before).map((r) => r.to)).toEqual(['bob@x.test']);
    expect(smtp.received.at(-1)!.mail.subject).toBe('News for Initech');
    const stats = await t.request('GET', `/api/v1/email-campaigns/${created.body.id}/stats/`);
    expect(stats.body).toMatchObject({
      total_recipients: 1,
      sent: 1,
      delivered: 1,
      opened: 0,
      clicked: 0,
      bounced: 0,
      unsubscribed: 0,
      open_rate: 0,
      click_rate: 0,
      bounce_rate: 0,
    });
    // The relay's events, handed to the engine, reach the stats and the contact's timeline.
    const bob = (await t.request('GET', '/api/v1/contacts/?email=bob@x.test')).body.results[0];
    const token = t.server.engine.db.prepare('SELECT token FROM campaign_recipients WHERE campaign_id = ?').pluck().get(created.body.id) as string;
    const at = new Date().toISOString();
    t.server.engine.campaigns.recordTrackingEvents([
      { token, event: 'open', at, machine: true },
      { token, event: 'open', at },
      { token, event: 'click', at, url: 'https://example.com/' },
    ]);
    expect((await t.request('GET', `/api/v1/email-campaigns/${created.body.id}/stats/`)).body).toMatchObject({
      opened: 1,
      clicked: 1,
      open_rate: 100,
      click_rate: 100,
    });
    const timeline = await t.request('GET', `/api/v1/timeline/contact/${bob.id}/?activity_types=email_campaign`);
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    const items = timeline.body.timeline as { description: string; type: string }[];
    expect(items.map((i) => i.description).sort()).toEqual([
      'Campaign email "Q1 Product Launch" clicked: https://example.com/',
      'Campaign email "Q1 Product Launch" opened',
      'Campaign email "Q1 Product Launch" sent',
    ]);
    expect((await t.request('PUT', `/api/v1/email-campaigns/${created.body.id}/`, { body: { name: 'x' } })).status).toBe(409);
    expect((await t.request('POST', `/api/v1/email-campaigns/${created.body.id}/send/`, { body: {} })).status).toBe(409);
    const listed = await t.request('GET', '/api/v1/email-campaigns/?status=sent');
    expect(listed.body.results.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect400(await t.request('GET', '/api/v1/email-campaigns/?status=bogus'), 'status');
  });

  it('sends a test of a campaign to the caller, rendered for its first recipient', async () => {
    const created = await t.request('POST', '/api/v1/email-campaigns/', {
      body: { name: 'Test me', template: templateId, segment_filter: { email: 'bob@x.test' }, from_email: 'sales@company.test' },
    });
    const before = smtp.received.length;
    const res = await t.request('POST', `/api/v1/email-campaigns/${created.body.id}/test/`, { body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await smtp.waitFor(before + 1);
    expect(smtp.received.at(-1)!.to).toBe('admin@example.com');
    expect(smtp.received.at(-1)!.mail.subject).toBe('[Test] News for Initech');
    expect((await t.request('GET', `/api/v1/email-campaigns/${created.body.id}/`)).body).toMatchObject({ status: 'draft', progress: { total: 0 } });
    expect400(await t.request('POST', `/api/v1/email-campaigns/${created.body.id}/test/`, { body: { to: 'a@b.test\r\nBcc: c@d.test' } }), 'to');
  });

  it('never logs the SMTP password', () => {
    expect(output).not.toContain('hunter2');
  });
});
