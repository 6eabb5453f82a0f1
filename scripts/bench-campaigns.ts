/**
 * Campaign sending budget of issue 14:
 *   npm run bench:campaigns [-- --recipients 10000]
 * A fresh store in a temp dir with N contacts (created through the write path), a local SMTP
 * server in its own process (scripts/bench-smtp-sink.ts, messages counted not parsed), the
 * rate limit off.
 * Prints messages/s of the whole send (claim, render, SMTP, result, all durable), the heap
 * and RSS at the end, and the time to compute the stats over the sent campaign (before and
 * after N tracking events). Budget: >= 200 messages/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createEngine } from '../src/main/app/create-engine';

const { values: args } = parseArgs({ options: { recipients: { type: 'string', default: '10000' } } });
const N = Number(args.recipients);
const CALLER = { id: 'bench', username: 'bench', email: 'bench@example.com', full_name: 'Bench', role: 'admin' as const, via: 'jwt' as const };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-campaigns-'));
  const sink = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bench-smtp-sink.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: sink.stdout! });
  const nextLine = (prefix: string) =>
    new Promise<number>((resolve) => {
      const on = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', on);
        resolve(Number(line.slice(prefix.length)));
      };
      lines.on('line', on);
    });
  const smtpPort = await nextLine('PORT ');
  const received = async () => {
    const count = nextLine('COUNT ');
    sink.stdin!.write('count\n');
    return count;
  };
  const engine = createEngine({ dataDir: dir });
  const m = engine.campaigns;
  m.scheduler.stop();
  try {
    let t0 = performance.now();
    const company = engine.records.create('company', { name: 'Initech', industry: 'technology' }, { actor: null, origin: 'system' }).id;
    for (let i = 0; i < N; i++) {
      engine.records.create(
        'contact',
        { first_name: `First${i}`, last_name: `Last${i}`, email: `r${i}@bench.test`, company, job_title: 'Engineer' },
        { actor: null, origin: 'system' },
      );
    }
    console.log(`bench-campaigns: ${N} contacts created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    m.settings.update({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      rate_limit_per_minute: null,
      rate_limit_per_hour: null,
      tracking_base_url: 'https://relay.example.org',
    });
    const template = m.templates.save(
      null,
      {
        name: 'Bench',
        subject: 'News for {{company_name}}, {{first_name|friend}}',
        body_html:
          '<h1>Hello {{first_name}}</h1><p>As {{job_title}} at {{company_name}} you will like this.</p><p><a href="https://example.com/a">Read</a> or <a href="https://example.com/b">watch</a>.</p>',
        variables: ['first_name', 'company_name', 'job_title'],
      },
      CALLER,
    );
    const campaign = m.campaigns.save(
      null,
      { name: 'Bench', template: template.id, segment_filter: { industry: 'technology' }, from_email: 'news@acme.test', from_name: 'Acme' },
      CALLER,
    );

    t0 = performance.now();
    m.campaigns.send(campaign.id);
    const queuedMs = performance.now() - t0;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    while (m.campaigns.get(campaign.id).status === 'sending') await m.scheduler.tick();
    const sendMs = performance.now() - t0;
    clearInterval(sampler);
    const mem = process.memoryUsage();
    const rate = N / (sendMs / 1000);
    console.log(`bench-campaigns: audience of ${N} written in ${queuedMs.toFixed(0)} ms; ${await received()} messages received by the SMTP server`);
    console.log(
      `bench-campaigns: sent ${N} in ${(sendMs / 1000).toFixed(1)} s = ${rate.toFixed(0)} messages/s (budget >= 200) ${rate >= 200 ? 'OK' : 'OVER BUDGET'}`,
    );
    console.log(`bench-campaigns: memory after sending: heap ${mb(mem.heapUsed)}, rss ${mb(mem.rss)} (peak rss ${mb(peakRss)})`);

    const statTimes = (): number[] =>
      Array.from({ length: 20 }, () => {
        const s = performance.now();
        m.campaigns.stats(campaign.id);
        return performance.now() - s;
      });
    let times = statTimes();
    console.log(`bench-campaigns: stats over ${N} recipients: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`);
    const tokens = engine.db.prepare('SELECT token FROM campaign_recipients WHERE campaign_id = ?').pluck().all(campaign.id) as string[];
    const at = new Date().toISOString();
    t0 = performance.now();
    m.recordTrackingEvents(tokens.map((token, i) => ({ token, event: i % 3 === 0 ? 'click' : 'open', at, machine: i % 10 === 0 })));
    console.log(`bench-campaigns: ${tokens.length} tracking events recorded in ${(performance.now() - t0).toFixed(0)} ms`);
    times = statTimes();
    const s = m.campaigns.stats(campaign.id);
    console.log(
      `bench-campaigns: stats after the events: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (opened ${s.opened}, clicked ${s.clicked}, machine ${s.machine_opened})`,
    );
  } finally {
    engine.close();
    sink.stdin!.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
