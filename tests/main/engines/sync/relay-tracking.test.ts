import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { startSmtpSink, type SmtpSink } from '../../../helpers/smtp-sink';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';

/**
 * The relay's public email endpoints end to end: a real relay process, two headless installs
 * of one team and a real SMTP server. A campaign sent by A carries links to the relay; the
 * pixel, the click and the one-click unsubscribe are fetched as a mail client would, and the
 * install's stats change once its sync client has read the relay's events.
 */
const OWNER = { email: 'owner@mail.test', password: 'owner-password-1', username: 'owner' };
const SECOND = { email: 'second@mail.test', password: 'second-password-1' };
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

let relayDir: string;
let relay: RelayProcess;
let smtp: SmtpSink;
let a: Install;
let b: Install;
let teamId: string;
let campaignId: string;
let sentAt = 0;
const links: Record<string, { pixel: string; click: string; unsubscribe: string }> = {};

const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);
const get = (url: string, ua = BROWSER) => fetch(url, { redirect: 'manual', headers: { 'user-agent': ua } });

async function sendCampaign(i: Install, name: string, templateId: string): Promise<string> {
  const created = await i.api('POST', '/api/v1/email-campaigns/', {
    name,
    template: templateId,
    segment_filter: { last_name: 'Track' },
    from_email: 'news@mail.test',
    from_name: 'News',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await i.api('POST', `/api/v1/email-campaigns/${created.body.id}/send/`, {});
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  await eventually(
    () => i.api('GET', `/api/v1/email-campaigns/${created.body.id}/`).then((r) => r.body),
    (c) => c.status === 'sent',
    `${name} sent`,
  );
  return created.body.id;
}

async function template(i: Install): Promise<string> {
  const t = await i.api('POST', '/api/v1/email-templates/', {
    name: 'Offer',
    subject: 'Our offer, {{first_name}}',
    variables: ['first_name'],
    body_html: '<html><body><p>Hi {{first_name}}, see <a href="https://example.com/offer?x=1">the offer</a>.</p></body></html>',
  });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  return t.body.id;
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  [relay, smtp] = await Promise.all([spawnRelay(relayDir), startSmtpSink()]);
  a = await startInstall({ admin: OWNER });
  const created = await a.api('POST', '/api/v1/sync/team/', { relay_url: relay.url, team_name: 'Mailers', email: OWNER.email, password: OWNER.password });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  teamId = (
    await eventually(
      () => status(a),
      (s) => s.state === 'connected',
      'A connected',
    )
  ).team.id;
  const invite = await a.api('POST', '/api/v1/sync/invites/', { email: SECOND.email, role: 'admin' });
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  b = await startInstall();
  const joined = await b.api('POST', '/api/v1/sync/join/', { relay_url: relay.url, invite_code: invite.body.code, ...SECOND });
  expect(joined.status, JSON.stringify(joined.body)).toBe(201);
  b.token = joined.body.access;
  await eventually(
    () => status(b),
    (s) => s.state === 'connected',
    'B connected',
  );
  for (const i of [a, b]) {
    const put = await i.api('PUT', '/api/v1/email-settings/', { host: '127.0.0.1', port: smtp.port, secure: false });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  for (const [first, email] of [
    ['Ann', 'ann@x.test'],
    ['Bob', 'bob@x.test'],
    ['Cy', 'cy@x.test'],
  ]) {
    expect((await a.api('POST', '/api/v1/contacts/', { first_name: first, last_name: 'Track', email })).status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await relay?.stop();
  await smtp?.close();
  for (const dir of [relayDir, a?.dataDir, b?.dataDir]) if (dir) removeDir(dir);
});

describe("the relay's public email endpoints", () => {
  it("a campaign sent in a team links to the team's relay, every link signed", async () => {
    await a.server.engine.tracking.poll();
    expect((await a.api('GET', '/api/v1/email-settings/')).body).toMatchObject({ tracking: true, tracking_base_url: `${relay.url}/t/${teamId}` });
    sentAt = Date.now();
    campaignId = await sendCampaign(a, 'Spring offer', await template(a));
    expect(smtp.received.map((r) => r.to).sort()).toEqual(['ann@x.test', 'bob@x.test', 'cy@x.test']);
    for (const r of smtp.received) {
      const html = String(r.mail.html).replace(/&amp;/g, '&');
      const unsubscribe = /^List-Unsubscribe: <([^>]+)>/im.exec(r.raw.replace(/\r?\n\s+/g, ' '))![1];
      links[r.to] = {
        pixel: /<img src="([^"]+)"/.exec(html)![1],
        click: /href="([^"]+\/c\/[^"]+)"/.exec(html)![1],
        unsubscribe,
      };
      expect(r.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
      for (const url of Object.values(links[r.to])) expect(url.startsWith(`${relay.url}/t/${teamId}/`), url).toBe(true);
    }
  }, 60_000);

  it('serves the pixel, flags machine opens, and redirects a signed click only', async () => {
    const ann = links['ann@x.test'];
    // Fetched seconds after sending: a prefetch, counted as a machine open.
    const early = await get(ann.pixel);
    expect(early.status).toBe(200);
    expect(early.headers.get('content-type')).toBe('image/gif');
    expect((await get(ann.pixel, 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)')).status).toBe(200);

    const click = await get(ann.click);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/offer?x=1');
    // The same signature with another target, no signature, another token: 404, no redirect.
    const forged = new URL(ann.click);
    forged.searchParams.set('u', 'https://evil.test/');
    const unsigned = new URL(ann.click);
    unsigned.searchParams.delete('s');
    const otherToken = ann.click.replace(/\/c\/[^?]+/, '/c/AAAAAAAAAAAAAAAAAAAAAA');
    for (const url of [forged.href, unsigned.href, otherToken]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toBe('Not found');
    }
  });

  it('cannot be forged or enumerated: a random token, team or signature gets the same bare 404', async () => {
    const ann = new URL(links['ann@x.test'].pixel);
    const base = `${relay.url}/t/${teamId}`;
    const random = [
      `${base}/o/${'B'.repeat(22)}.gif${ann.search}`,
      `${base}/o/${'B'.repeat(22)}.gif`,
      `${relay.url}/t/00000000-0000-4000-8000-000000000000${ann.pathname.slice(`/t/${teamId}`.length)}${ann.search}`,
      `${base}/u/${'C'.repeat(22)}?e=${'D'.repeat(32)}&s=${'E'.repeat(22)}`,
      links['ann@x.test'].unsubscribe.replace(/e=[^&]+/, `e=${'D'.repeat(32)}`),
      `${base}/c/${'F'.repeat(22)}?u=https%3A%2F%2Fexample.com%2F&s=${'G'.repeat(22)}`,
    ];
    const bodies = new Set<string>();
    for (const url of random) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      bodies.add(await res.text());
    }
    expect([...bodies]).toEqual(['Not found']);
    // Nothing was recorded for them, and the relay's member endpoints need a member.
    expect((await relay.http('GET', '/v1/tracking/events')).status).toBe(401);
    expect((await relay.http('GET', '/v1/suppressions?since=0')).status).toBe(401);
    expect((await relay.http('GET', '/v1/tracking/key')).status).toBe(401);
    const token = await a.server.engine.sync.accessToken();
    expect((await relay.http('GET', '/v1/tracking/events?since=0', undefined, token)).body.events).toEqual([
      expect.objectContaining({ event: 'open' }),
      expect.objectContaining({ event: 'open' }),
      expect.objectContaining({ event: 'click', url: 'https://example.com/offer?x=1' }),
    ]);
    const bad = await relay.http('GET', '/v1/tracking/events?since=-1&limit=5000', undefined, token);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['limit', 'since']);
    expect((await relay.http('POST', '/v1/suppressions/check', { hashes: 'ann@x.test' }, token)).body.error.fields).toHaveProperty('hashes');
    expect((await relay.http('POST', '/v1/suppressions/check', { hashes: ['not a hash!'] }, token)).status).toBe(400);
  });

  it('one-click unsubscribe: GET shows a confirmation, POST unsubscribes, and another install offline at the time does not mail them', async () => {
    b.server.engine.sync.stop(); // B is offline from here: it reads nothing from the relay.
    const url = links['ann@x.test'].unsubscribe;
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/<form method="post">/);
    const token = await a.server.engine.sync.accessToken();
    expect((await relay.http('GET', '/v1/suppressions?since=0', undefined, token)).body.suppressions).toEqual([]);
    // What a mail client does for RFC 8058.
    const post = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('You are unsubscribed');
    const list = (await relay.http('GET', '/v1/suppressions?since=0', undefined, token)).body;
    expect(list.suppressions).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('ann@x.test');

    // B never heard of it, yet its campaign skips Ann: the relay is asked before each batch.
    await eventually(
      () => b.api('GET', '/api/v1/contacts/?last_name=Track').then((r) => r.body.count),
      (n) => n === 3,
      'the contacts on B',
    );
    expect(b.server.engine.db.prepare('SELECT count(*) FROM email_suppressions').pluck().get()).toBe(0);
    const before = smtp.received.length;
    const onB = await sendCampaign(b, 'From B', await template(b));
    expect(
      smtp.received
        .slice(before)
        .map((r) => r.to)
        .sort(),
    ).toEqual(['bob@x.test', 'cy@x.test']);
    expect((await b.api('GET', `/api/v1/email-campaigns/${onB}/stats/`)).body).toMatchObject({ total_recipients: 3, sent: 2 });
  }, 60_000);

  it('the stats on the sending install change after sync, human and machine opens apart', async () => {
    // A person opens Ann's message later than a prefetch would.
    await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 11_000 - Date.now())));
    expect((await get(links['ann@x.test'].pixel)).status).toBe(200);
    expect((await get(links['bob@x.test'].click)).status).toBe(302);
    // Apple Mail Privacy Protection fetches with a bare user agent: Cy's open is a machine's only.
    expect((await get(links['cy@x.test'].pixel, 'Mozilla/5.0')).status).toBe(200);
    const token = await a.server.engine.sync.accessToken();
    const seen = (await relay.http('GET', '/v1/tracking/events?since=0', undefined, token)).body.events as { event: string; machine: boolean }[];
    expect(seen.filter((e) => e.event === 'open').map((e) => e.machine)).toEqual([true, true, false, true]);
    const statsOnA = () => a.api('GET', `/api/v1/email-campaigns/${campaignId}/stats/`).then((r) => r.body);
    expect(await statsOnA()).toMatchObject({ opened: 0, clicked: 0, unsubscribed: 0 });
    await a.server.engine.tracking.poll();
    expect(await statsOnA()).toMatchObject({ total_recipients: 3, opened: 2, clicked: 2, unsubscribed: 1, machine_opened: 1 });
    // Ann is on A's suppression list too, and the cursor moved: a second round adds nothing.
    expect(a.server.engine.db.prepare("SELECT reason FROM email_suppressions WHERE email = 'ann@x.test'").pluck().get()).toBe('unsubscribed');
    const events = a.server.engine.db.prepare('SELECT count(*) FROM email_events').pluck().get();
    await a.server.engine.tracking.poll();
    expect(a.server.engine.db.prepare('SELECT count(*) FROM email_events').pluck().get()).toBe(events);
  }, 30_000);

  it('B reads the suppression list when it comes back online; with the relay unreachable, the check fails rather than pass', async () => {
    b.server.engine.sync.start();
    await eventually(
      async () => {
        await b.server.engine.tracking.poll();
        return b.server.engine.db.prepare("SELECT reason FROM email_suppressions WHERE email = 'ann@x.test'").pluck().get();
      },
      (r) => r === 'unsubscribed',
      'Ann suppressed on B',
    );
    await relay.crash();
    await expect(b.server.engine.tracking.suppressed(['bob@x.test'])).rejects.toThrow(/cannot be reached/);
  }, 30_000);
});
