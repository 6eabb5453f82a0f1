import { describe, expect, it } from 'vitest';
import { addCompany, addContact, campaignFixture, CALLER } from './campaign-fixture';
import { createCampaigns, verifyLink } from '../../../../src/main/engines/campaigns';
import { settingsSecretStore } from '../../../../src/main/engines/sync';

const RELAY = 'https://relay.example.org';

/** A header as sent, folded lines joined. */
function rawHeader(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head);
  return m ? m[1].trim() : null;
}

function fieldsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return (e as { fields?: unknown }).fields;
  }
  return null;
}

async function welcome(m: ReturnType<typeof createCampaigns>, extra: Record<string, unknown> = {}) {
  const t = m.templates.save(
    null,
    {
      name: 'Welcome',
      subject: 'Welcome to {{company_name|our club}}, {{first_name|friend}}!',
      body_html: '<h1>Hi {{first_name|there}}</h1><p>{{job_title}}</p><p><a href="https://example.com/start?a=1&amp;b=2">Start</a></p>',
      variables: ['first_name', 'company_name', 'job_title'],
      category: 'onboarding',
    },
    CALLER,
  );
  return m.campaigns.save(
    null,
    { name: 'Launch', template: t.id, segment_filter: {}, from_email: 'sales@acme.test', from_name: 'Sales Team', ...extra },
    CALLER,
  );
}

describe('campaign sending over a real SMTP server', () => {
  it('substitutes and escapes values, keeps headers on one line, and carries the unsubscribe headers and tracking links', async () => {
    const { engine, smtp, m } = await campaignFixture({ tracking_base_url: RELAY });
    const company = addCompany(engine, { name: 'Initech' });
    addContact(engine, { first_name: '<b>Bob</b>', last_name: 'Tables', email: 'bob@x.test', company, job_title: 'Chief "Quotes" & Co' });
    addContact(engine, { first_name: 'Eve\r\nBcc: victim@x.test', last_name: 'Evil', email: 'eve@x.test' });
    const c = await welcome(m);
    m.campaigns.send(c.id);
    await m.scheduler.tick();

    expect(smtp.received).toHaveLength(2);
    const bob = smtp.received.find((r) => r.to === 'bob@x.test')!.mail;
    expect(bob.subject).toBe('Welcome to Initech, <b>Bob</b>!');
    expect(bob.from?.value[0]).toEqual({ address: 'sales@acme.test', name: 'Sales Team' });
    expect(bob.html).toContain('<h1>Hi &lt;b&gt;Bob&lt;/b&gt;</h1>');
    expect(bob.html).toContain('Chief &quot;Quotes&quot; &amp; Co');
    expect(bob.text).toContain('Hi <b>Bob</b>');
    const bobRaw = smtp.received.find((r) => r.to === 'bob@x.test')!.raw;
    const unsubscribe = rawHeader(bobRaw, 'List-Unsubscribe');
    expect(rawHeader(bobRaw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(bob.html).toContain(`${RELAY}/o/`);
    // The click link names the original URL and a signature the relay checks.
    const href = /href="(https:\/\/relay\.example\.org\/c\/[^"]+)"/.exec(bob.html as string)![1].replace(/&amp;/g, '&');
    const link = new URL(href);
    const token = link.pathname.split('/').pop()!;
    expect(link.searchParams.get('u')).toBe('https://example.com/start?a=1&b=2');
    expect(verifyLink(m.settings.trackingSecret(), token, link.searchParams.get('u')!, link.searchParams.get('s')!)).toBe(true);
    expect(verifyLink(m.settings.trackingSecret(), token, 'https://evil.test/', link.searchParams.get('s')!)).toBe(false);
    expect(unsubscribe).toContain(`${RELAY}/u/${token}`);

    // A CR/LF in a record's value never becomes a header.
    const eve = smtp.received.find((r) => r.to === 'eve@x.test')!;
    expect(eve.mail.subject).toBe('Welcome to our club, Eve Bcc: victim@x.test!');
    expect(eve.mail.headers.has('bcc')).toBe(false);
    expect(eve.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^Bcc:/im);
    expect(m.campaigns.get(c.id).status).toBe('sent');
  });

  it('without a relay: no tracking, a mailto unsubscribe, and no one-click header', async () => {
    const { engine, smtp, m } = await campaignFixture();
    addContact(engine, { first_name: 'Ann', last_name: 'A', email: 'ann@x.test' });
    const c = await welcome(m);
    expect(c.tracking).toBe(false);
    m.campaigns.send(c.id);
    await m.scheduler.tick();
    const mail = smtp.received[0].mail;
    expect(rawHeader(smtp.received[0].raw, 'List-Unsubscribe')).toMatch(/^<mailto:sales@acme\.test\?subject=unsubscribe%20[A-Za-z0-9_-]{22}>$/);
    expect(rawHeader(smtp.received[0].raw, 'List-Unsubscribe-Post')).toBeNull();
    expect(mail.html).toContain('href="https://example.com/start?a=1&amp;b=2"');
    expect(mail.html).not.toContain('.gif');
    expect(mail.html).toContain('mailto:sales@acme.test');
  });

  it('counts a recipient the server rejects as a bounce and never mails that address again', async () => {
    const { engine, smtp, m } = await campaignFixture();
    addContact(engine, { first_name: 'Ok', last_name: 'A', email: 'ok@x.test' });
    addContact(engine, { first_name: 'Gone', last_name: 'B', email: 'gone@x.test' });
    smtp.reject.add('gone@x.test');
    const c = await welcome(m);
    m.campaigns.send(c.id);
    await m.scheduler.tick();
    const s = m.campaigns.stats(c.id);
    expect(s).toMatchObject({ total_recipients: 2, sent: 2, delivered: 1, bounced: 1, bounce_rate: 50 });
    expect(smtp.received.map((r) => r.to)).toEqual(['ok@x.test']);
    expect(m.campaigns.audienceCount({})).toMatchObject({ matched: 2, eligible: 1, excluded: { bounced: 1, unsubscribed: 0, no_email: 0 } });
  });

  it('honours the per-minute and per-hour limits, in order, across ticks', async () => {
    const { engine, smtp, clock, m } = await campaignFixture({ rate_limit_per_minute: 3, rate_limit_per_hour: 5 });
    for (let i = 0; i < 8; i++) addContact(engine, { last_name: `P${i}`, email: `p${i}@x.test` });
    const c = await welcome(m);
    m.campaigns.send(c.id);
    const first = await m.scheduler.tick();
    expect(smtp.received).toHaveLength(3);
    expect(first.retryInMs).toBeGreaterThan(0);
    expect((await m.scheduler.tick()).sent).toBe(0);
    clock.advance(61_000);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(5); // the hour allows 5
    clock.advance(61_000);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(5);
    clock.advance(3_600_000);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(8);
    // In queue order, window by window (messages of one window are in flight together).
    const sorted = (from: number, to: number) =>
      smtp.received
        .slice(from, to)
        .map((r) => r.to)
        .sort();
    expect([sorted(0, 3), sorted(3, 5), sorted(5, 8)]).toEqual(
      [
        [0, 1, 2],
        [3, 4],
        [5, 6, 7],
      ].map((w) => w.map((i) => `p${i}@x.test`)),
    );
    expect(m.campaigns.get(c.id).status).toBe('sent');
  });

  it('records tracking events: unique opens and clicks, machine opens apart, unsubscribes suppress the next batch and reach the timeline', async () => {
    const { engine, smtp, m, clock } = await campaignFixture({ tracking_base_url: RELAY, rate_limit_per_minute: 2 });
    const ids = [0, 1, 2, 3].map((i) => addContact(engine, { last_name: `T${i}`, email: `t${i}@x.test` }));
    const c = await welcome(m);
    m.campaigns.send(c.id);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(2);
    const token = (to: string) => engine.db.prepare('SELECT token FROM campaign_recipients WHERE email = ?').pluck().get(to) as string;
    const at = clock.now().toISOString();
    const result = m.recordTrackingEvents([
      { token: token('t0@x.test'), event: 'open', at },
      { token: token('t0@x.test'), event: 'open', at },
      { token: token('t0@x.test'), event: 'click', at, url: 'https://example.com/start?a=1&b=2' },
      { token: token('t1@x.test'), event: 'open', at, machine: true },
      // Unsubscribed before its turn: the next batch skips it.
      { token: token('t3@x.test'), event: 'unsubscribe', at },
      { token: 'A'.repeat(22), event: 'open', at },
    ]);
    expect(result).toEqual({ applied: 5, unknown: 1 });
    clock.advance(61_000);
    await m.scheduler.tick();
    expect(smtp.received.map((r) => r.to).sort()).toEqual(['t0@x.test', 't1@x.test', 't2@x.test']);
    const s = m.campaigns.stats(c.id);
    expect(s).toMatchObject({
      total_recipients: 4,
      sent: 3,
      delivered: 3,
      opened: 1,
      clicked: 1,
      machine_opened: 1,
      unsubscribed: 1,
      open_rate: 33.33,
      click_rate: 33.33,
      bounce_rate: 0,
    });
    expect(Object.keys(s).slice(0, 10)).toEqual([
      'total_recipients',
      'sent',
      'delivered',
      'opened',
      'clicked',
      'bounced',
      'unsubscribed',
      'open_rate',
      'click_rate',
      'bounce_rate',
    ]);
    expect(m.campaigns.audienceCount({}).excluded.unsubscribed).toBe(1);
    const events = engine.db.prepare('SELECT event FROM email_events WHERE contact_id = ? ORDER BY id').pluck().all(ids[0]);
    expect(events).toEqual(['sent', 'open', 'open', 'click']);
    expect(fieldsOf(() => m.recordTrackingEvents([{ token: 'x', event: 'open', at }]))).toEqual({ 'events[0]': ['A token is required.'] });
    expect(() => m.recordTrackingEvents([{ token: token('t0@x.test'), event: 'delete', at }])).toThrow();
  });

  it('A/B test: variants to a test share, then the winner by clicks to the rest', async () => {
    const { engine, smtp, m, clock } = await campaignFixture({ tracking_base_url: RELAY });
    for (let i = 0; i < 10; i++) addContact(engine, { first_name: `N${i}`, last_name: 'AB', email: `ab${i}@x.test` });
    const c = await welcome(m, {
      ab_test: { variants: [{ subject: 'Subject A' }, { subject: 'Subject B' }], test_share: 0.4, winner_metric: 'clicks', duration_minutes: 60 },
    });
    m.campaigns.send(c.id);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(4);
    const bMail = smtp.received.find((r) => r.mail.subject === 'Subject B')!;
    const token = engine.db.prepare('SELECT token FROM campaign_recipients WHERE email = ?').pluck().get(bMail.to) as string;
    m.recordTrackingEvents([{ token, event: 'click', at: clock.now().toISOString() }]);
    clock.advance(30 * 60_000);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(4);
    clock.advance(31 * 60_000);
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(10);
    expect(smtp.received.slice(4).every((r) => r.mail.subject === 'Subject B')).toBe(true);
    const s = m.campaigns.stats(c.id);
    expect(s.variants.map((v) => [v.variant, v.delivered])).toEqual([
      ['A', 2],
      ['B', 8],
    ]);
    expect(m.campaigns.get(c.id).ab_test?.winner).toBe('B');
    expect(new Set(smtp.received.map((r) => r.to)).size).toBe(10);
  });

  it('starts a scheduled campaign once its time has come, also when the app was closed then', async () => {
    const { engine, smtp, m, clock } = await campaignFixture();
    addContact(engine, { last_name: 'S', email: 's@x.test' });
    const c = await welcome(m);
    m.campaigns.schedule(c.id, { scheduled_send: '2025-03-01T10:00:00Z' });
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(0);
    clock.set('2025-03-02T08:00:00Z');
    await m.scheduler.tick();
    await m.scheduler.tick();
    expect(smtp.received).toHaveLength(1);
    expect(m.campaigns.get(c.id)).toMatchObject({ status: 'sent', progress: { total: 1, done: 1, queued: 0 } });
  });
});

describe("the relay's suppression list", () => {
  it('is checked before each batch; while it cannot be reached nobody is mailed', async () => {
    const { engine, smtp, clock } = await campaignFixture();
    addContact(engine, { last_name: 'Stay', email: 'stay@x.test' });
    addContact(engine, { last_name: 'Left', email: 'left@x.test' });
    let relayUp = false;
    const asked: string[][] = [];
    const m = createCampaigns({
      db: engine.db,
      clock,
      reader: engine.reader,
      query: engine.query,
      secrets: settingsSecretStore(engine.db),
      relaySuppressed: async (emails) => {
        asked.push(emails);
        if (!relayUp) throw new Error('relay offline');
        return emails.filter((e) => e === 'left@x.test');
      },
    });
    m.settings.update({ host: '127.0.0.1', port: smtp.port, secure: false });
    const c = await welcome(m);
    m.campaigns.send(c.id);
    expect((await m.scheduler.tick()).retryInMs).toBe(60_000);
    expect(smtp.received).toHaveLength(0);
    relayUp = true;
    await m.scheduler.tick();
    expect(smtp.received.map((r) => r.to)).toEqual(['stay@x.test']);
    expect(asked.at(-1)!.sort()).toEqual(['left@x.test', 'stay@x.test']);
    expect(m.campaigns.stats(c.id)).toMatchObject({ total_recipients: 2, delivered: 1 });
    expect(m.campaigns.get(c.id).status).toBe('sent');
    expect(m.campaigns.audienceCount({}).excluded.unsubscribed).toBe(1);
  });
});
