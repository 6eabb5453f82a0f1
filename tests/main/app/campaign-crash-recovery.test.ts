import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../helpers/headless-process';
import { startSmtpSink } from '../../helpers/smtp-sink';
import { IN_FLIGHT } from '../../../src/main/engines/campaigns/campaign-sender';

/**
 * kill -9 of the headless server in the middle of a campaign, then a restart over the same
 * data dir: every recipient gets the campaign, and nobody gets two different messages of it.
 * The messages in flight at the kill (at most IN_FLIGHT) may arrive twice, with one Message-ID.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const RECIPIENTS = 400;

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('campaign sending through a crash', () => {
  it('resumes after kill -9 without sending anyone twice or missing anyone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-campaign-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    const first: Headless = await startHeadless(dataDir);
    cleanups.push(() => first.kill());

    expect((await first.call('PUT', '/api/v1/email-settings/', { host: '127.0.0.1', port: smtp.port, secure: false })).status).toBe(200);
    const emails: string[] = [];
    for (let w = 0; w < 4; w++) for (let i = w; i < RECIPIENTS; i += 4) emails.push(`r${i}@x.test`);
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let i = w; i < RECIPIENTS; i += 4) {
          const res = await first.call('POST', '/api/v1/contacts/', { last_name: `R${i}`, first_name: `N${i}`, email: `r${i}@x.test` });
          expect(res.status).toBe(201);
        }
      }),
    );
    const template = await first.call('POST', '/api/v1/email-templates/', {
      name: 'Crash',
      subject: 'Hello {{first_name}}',
      body_html: '<p>Hi {{first_name}}</p>',
      variables: ['first_name'],
    });
    const campaign = await first.call('POST', '/api/v1/email-campaigns/', {
      name: 'Crash test',
      template: template.body.id,
      segment_filter: { email__endswith: '@x.test' },
      from_email: 'news@acme.test',
    });
    expect(campaign.status).toBe(201);
    expect((await first.call('POST', `/api/v1/email-campaigns/${campaign.body.id}/send/`, {})).status).toBe(200);

    await waitUntil(() => smtp.received.length >= 100, 60_000);
    first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    const second = await startHeadless(dataDir);
    cleanups.push(() => second.kill());
    await waitUntil(async () => (await second.call('GET', `/api/v1/email-campaigns/${campaign.body.id}/`)).body.status === 'sent', 60_000);

    const byRecipient = new Map<string, Set<string>>();
    for (const r of smtp.received) {
      const ids = byRecipient.get(r.to) ?? new Set<string>();
      ids.add(String(r.mail.messageId));
      byRecipient.set(r.to, ids);
    }
    // Nobody missed.
    expect([...byRecipient.keys()].sort()).toEqual([...emails].sort());
    // Nobody got two different messages; only those in flight at the kill came twice, same Message-ID.
    expect([...byRecipient.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(smtp.received.length).toBeLessThanOrEqual(RECIPIENTS + IN_FLIGHT);
    const stats = await second.call('GET', `/api/v1/email-campaigns/${campaign.body.id}/stats/`);
    expect(stats.body).toMatchObject({ total_recipients: RECIPIENTS, sent: RECIPIENTS, delivered: RECIPIENTS, bounced: 0 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
