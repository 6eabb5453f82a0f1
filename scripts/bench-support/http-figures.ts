import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client, percentile, timed } from './http-client';
import type { Report } from './report';

/** The issue 16 targets (DESIGN.md section 7 budgets tightened to what the machine allows). */
export const TARGETS = {
  getP50: 0.25,
  getP99: 5,
  writeP50: 1,
  writeP99: 5,
  sequentialWrites: 1000,
  concurrentWrites: 2000,
  listP95: 5,
  searchP95: 5,
};

export const leadBody = (tag: string, i: number) => ({
  first_name: 'Bench',
  last_name: `Lead ${i}`,
  email: `bench.${tag}.${i}@bench.example`,
  company_name: 'Bench Labs Inc',
  phone: '+1 555-200-1000',
  job_title: 'Buyer',
  lead_source: 'website',
  priority: 'medium',
  estimated_value: 12_000,
  notes: 'Created by the benchmark.',
  tags: ['bench'],
});

const SEARCHES = [
  'j',
  'jo',
  'mar',
  'smi',
  'garc',
  'lovel',
  'ada',
  'kim',
  'patel',
  'sum',
  'north',
  'john smi',
  'maria lop',
  'harbor log',
  'ceo',
  'berlin',
  'vip',
  'm',
  'sa',
];

export interface HttpContext {
  url: string;
  credentials: { username: string; password: string };
  client: Client;
  dataDir: string;
  storeFile: string;
  report: Report;
  /** Samples the server's heap (called between figures). */
  sampleHeap: () => Promise<void>;
}

/** Group commit's fsyncs so far, from the server's status. */
async function writeSyncs(client: Client): Promise<number | null> {
  const res = await client.raw('GET', '/api/v1/system/status/');
  return res.status === 200 ? ((JSON.parse(res.body) as { write_syncs?: number }).write_syncs ?? null) : null;
}

/** One run of every HTTP figure; call it once per repetition (`rep` keeps bench records apart). */
export async function measureHttp(ctx: HttpContext, rep: number): Promise<void> {
  const { client, report } = ctx;
  const db = new Database(join(ctx.dataDir, ctx.storeFile), { readonly: true });
  const contactIds = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY random() LIMIT 1300').pluck().all() as string[];
  const companyId = db.prepare('SELECT id FROM companies WHERE deleted_at IS NULL ORDER BY random() LIMIT 1').pluck().get() as string;
  db.close();

  const contact = (i: number) => contactIds[i % contactIds.length];
  for (let i = 0; i < 300; i++) await client.call('GET', `/api/v1/contacts/${contact(i)}/`);
  const get = await timed(1000, (i) => client.call('GET', `/api/v1/contacts/${contact(300 + i)}/`));
  report.add('GET one contact p50', 'ms', percentile(get.samples, 50), TARGETS.getP50);
  report.add('GET one contact p99', 'ms', percentile(get.samples, 99), TARGETS.getP99);
  await ctx.sampleHeap();

  const tag = `${Date.now().toString(36)}r${rep}`;
  const created: string[] = [];
  for (let i = 0; i < 50; i++) await client.call('POST', '/api/v1/leads/', leadBody(`${tag}w`, i));
  const create = await timed(1000, async (i) => {
    const res = await client.call('POST', '/api/v1/leads/', leadBody(tag, i));
    created.push((JSON.parse(res.body) as { id: string }).id);
    return res;
  });
  report.add('create lead p50', 'ms', percentile(create.samples, 50), TARGETS.writeP50);
  report.add('create lead p99', 'ms', percentile(create.samples, 99), TARGETS.writeP99);
  report.add('create lead writes/s, one client in sequence', 'writes/s', 1000 / (create.wallMs / 1000), TARGETS.sequentialWrites, 'min');
  const update = await timed(1000, (i) =>
    client.call('PATCH', `/api/v1/leads/${created[i]}/`, { status: 'contacted', lead_score: (i % 100) + 1, notes: `Called back (${i}).` }),
  );
  report.add('update lead p50', 'ms', percentile(update.samples, 50), TARGETS.writeP50);
  report.add('update lead p99', 'ms', percentile(update.samples, 99), TARGETS.writeP99);
  report.add('update lead writes/s, one client in sequence', 'writes/s', 1000 / (update.wallMs / 1000), TARGETS.sequentialWrites, 'min');
  await ctx.sampleHeap();

  // Eight clients, each on its own connection, creating 2,000 leads between them.
  const clients = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new Client(ctx.url, ctx.credentials);
      await c.login();
      return c;
    }),
  );
  const syncsBefore = await writeSyncs(client);
  let next = 0;
  const began = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (next < 2000) {
        const i = next++;
        await c.call('POST', '/api/v1/leads/', leadBody(`${tag}c`, i));
      }
    }),
  );
  report.add('create lead writes/s, 8 concurrent clients', 'writes/s', 2000 / ((performance.now() - began) / 1000), TARGETS.concurrentWrites, 'min');
  const syncsAfter = await writeSyncs(client);
  if (syncsBefore !== null && syncsAfter !== null && syncsAfter > syncsBefore) {
    report.add('writes sharing one fsync, 8 concurrent clients (mean)', 'writes', 2000 / (syncsAfter - syncsBefore));
  }
  next = 0;
  const beganUpdates = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (next < 1000) {
        const i = next++;
        await c.call('PATCH', `/api/v1/leads/${created[i]}/`, { status: 'qualified', lead_score: (i % 50) + 1 });
      }
    }),
  );
  report.add('update lead writes/s, 8 concurrent clients', 'writes/s', 1000 / ((performance.now() - beganUpdates) / 1000), TARGETS.concurrentWrites, 'min');
  for (const c of clients) c.close();
  await ctx.sampleHeap();

  const lists = [
    '/api/v1/leads/?status=qualified&ordering=-created_at',
    '/api/v1/opportunities/?stage=proposal&amount__gte=50000&ordering=-amount',
    '/api/v1/contacts/?ordering=last_name',
    '/api/v1/activities/?ordering=-occurred_at',
    `/api/v1/contacts/?company=${companyId}&ordering=-created_at`,
  ];
  for (const base of lists) {
    const first = JSON.parse((await client.call('GET', `${base}&page=1`)).body) as { count: number };
    const lastPage = Math.max(1, Math.ceil(first.count / 20));
    for (const page of [...new Set([1, Math.max(1, lastPage - 1)])]) {
      const path = `${base}&page=${page}`;
      for (let i = 0; i < 10; i++) await client.call('GET', path);
      const run = await timed(100, () => client.call('GET', path));
      const label = base.replace('/api/v1/', '').replace(/company=[^&]+/, 'company=<id>');
      report.add(`list ${label} ${page === 1 ? 'p1' : 'last'} p95`, 'ms', percentile(run.samples, 95), TARGETS.listP95);
    }
  }
  await ctx.sampleHeap();

  for (const q of SEARCHES) await client.call('GET', `/api/v1/contacts/?search=${encodeURIComponent(q)}`);
  const search = await timed(SEARCHES.length * 10, (i) => client.call('GET', `/api/v1/contacts/?search=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}`));
  report.add(`search contacts top 20 p95 (${SEARCHES.length} prefixes incl. "j", "jo", "m")`, 'ms', percentile(search.samples, 95), TARGETS.searchP95);
  const byPrefix = SEARCHES.map((q, i) => ({
    q,
    p95: percentile(
      search.samples.filter((_, j) => j % SEARCHES.length === i),
      95,
    ),
  }));
  for (const short of ['j', 'jo', 'm']) report.add(`search contacts "${short}" p95`, 'ms', byPrefix.find((b) => b.q === short)!.p95, TARGETS.searchP95);
  const worst = byPrefix.sort((a, b) => b.p95 - a.p95)[0];
  console.log(`    run ${rep + 1}: slowest search "${worst.q}" p95 ${worst.p95.toFixed(2)} ms`);
  await ctx.sampleHeap();
}
