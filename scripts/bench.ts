/**
 * Measures the DESIGN.md section 7 budgets over real HTTP against a generated store:
 *   npm run bench -- [--data-dir bench-data/M] [--tier M|S] [--reuse true|false] [--seed N]
 * Builds the store with the seed generator when missing (M takes several minutes), starts
 * the headless server as a child process, and prints metric | measured | budget | ok/OVER.
 * Over budget is a finding, not an error: the exit code is non-zero only when the bench fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createEngine, STORE_FILE } from '../src/main/app/create-engine';
import { SEED_ADMIN, SEED_TIERS, SeedClock, seedStore, startOfUtcDay, type SeedTier } from '../src/main/engines/seed';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench-data', 'last-results.json');
const TABLES = { user: 'users', company: 'companies', contact: 'contacts', lead: 'leads', opportunity: 'opportunities', task: 'tasks', activity: 'activities' } as const;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Metric { metric: string; measured: number | null; unit: string; budget: string; ok: boolean | null }
const metrics: Metric[] = [];

/** `max`: the measured value must not exceed the limit; `min`: it must reach it. */
function record(metric: string, measured: number | null, unit: string, limit: number | null, kind: 'max' | 'min' = 'max'): void {
  const ok = measured === null || limit === null ? null : kind === 'max' ? measured <= limit : measured >= limit;
  const budget = limit === null ? '-' : `${kind === 'max' ? '<=' : '>='} ${fmt(limit)} ${unit}`;
  metrics.push({ metric, measured, unit, budget, ok });
  const shown = measured === null ? 'n/a' : `${fmt(measured, measured < 100 ? 2 : 0)} ${unit}`;
  console.log(`  ${metric.padEnd(72)} ${shown.padStart(14)}   ${budget.padEnd(16)} ${ok === null ? '' : ok ? 'ok' : 'OVER'}`);
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function options() {
  let v;
  try {
    v = parseArgs({
      options: { 'data-dir': { type: 'string' }, tier: { type: 'string', default: 'M' }, reuse: { type: 'string', default: 'true' }, seed: { type: 'string', default: '1' } },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (v.tier !== 'M' && v.tier !== 'S') fail(`--tier must be M or S, got "${v.tier}"`);
  if (v.reuse !== 'true' && v.reuse !== 'false') fail(`--reuse must be true or false, got "${v.reuse}"`);
  if (!/^\d{1,9}$/.test(v.seed)) fail(`--seed must be a whole number, got "${v.seed}"`);
  const dataDir = resolve(v['data-dir'] ?? join(ROOT, 'bench-data', v.tier));
  return { dataDir, tier: v.tier as SeedTier, reuse: v.reuse === 'true', seed: Number(v.seed) };
}

/** The store holds at least the tier's records: a finished build (the bench's own leads are deleted ones). */
function storeMatchesTier(dataDir: string, tier: SeedTier): boolean {
  const file = join(dataDir, STORE_FILE);
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true });
  try {
    return Object.entries(TABLES).every(([entity, table]) =>
      (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) >= SEED_TIERS[tier][entity as keyof typeof TABLES]);
  } catch {
    return false;
  } finally {
    db.close();
  }
}

async function ensureStore(dataDir: string, tier: SeedTier, reuse: boolean, seed: number): Promise<void> {
  if (reuse && storeMatchesTier(dataDir, tier)) {
    console.log(`store: reusing the ${tier} store in ${dataDir}`);
    return;
  }
  if (existsSync(join(dataDir, STORE_FILE))) {
    // Only ever delete a store the bench owns.
    if (!dataDir.split(sep).includes('bench-data')) fail(`${dataDir} holds a store that is not a complete ${tier} bench store; remove it or pick another --data-dir`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, STORE_FILE + suffix), { force: true });
  }
  console.log(`store: building tier ${tier} (seed ${seed}) in ${dataDir}${tier === 'M' ? '; this takes several minutes' : ''}`);
  const now = startOfUtcDay();
  const clock = new SeedClock(now.getTime());
  const engine = createEngine({ dataDir, clock });
  let printed = 0;
  try {
    const summary = await seedStore({ ...engine, clock }, {
      counts: SEED_TIERS[tier], seed, now,
      onProgress: (p) => {
        if (p.elapsedMs - printed < 10_000) return;
        printed = p.elapsedMs;
        console.log(`  ${(p.elapsedMs / 1000).toFixed(0)} s: ${fmt(p.writes)} writes (${fmt(p.writes / (p.elapsedMs / 1000))} rows/s)`);
      },
    });
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    engine.db.exec('ANALYZE');
    console.log(`store: built ${fmt(summary.writes)} writes in ${(summary.elapsedMs / 1000).toFixed(0)} s (${fmt(summary.writesPerSecond)} rows/s)`);
  } finally {
    engine.close();
  }
}

class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private access = '';
  constructor(private readonly base: string) {}

  async login(): Promise<void> {
    const res = await this.raw('POST', '/api/v1/auth/token/', { username: SEED_ADMIN.username, password: SEED_ADMIN.password });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.body.slice(0, 200)}`);
    this.access = (JSON.parse(res.body) as { access: string }).access;
  }

  raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: string; ms: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (this.access) headers.authorization = `Bearer ${this.access}`;
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    return new Promise((done, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A request that must succeed; signs in again once if the access token expired. */
  async call(method: string, path: string, body?: unknown, expect = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200) {
    let res = await this.raw(method, path, body);
    if (res.status === 401) {
      await this.login();
      res = await this.raw(method, path, body);
    }
    if (res.status !== expect) throw new Error(`${method} ${path} -> ${res.status}: ${res.body.slice(0, 300)}`);
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; listeningMs: number }> {
  const started = performance.now();
  // `node --import tsx` is what `npx tsx` runs, without npm's own start-up in the figure.
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'main', 'headless.ts'), '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CRM_ADMIN_EMAIL: '', CRM_ADMIN_PASSWORD: '' },
  });
  let output = '';
  return new Promise((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /CRM API listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        done({ child, url: m[1], listeningMs: performance.now() - started });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Spawn to listening line, and to the first authenticated GET (sign-in included). */
async function coldStart(dataDir: string) {
  const server = await startServer(dataDir);
  const started = performance.now() - server.listeningMs;
  const client = new Client(server.url);
  await client.login();
  await client.call('GET', '/api/v1/contacts/?page_size=1');
  return { ...server, client, readyMs: performance.now() - started };
}

async function heap(client: Client): Promise<number | null> {
  const res = await client.raw('GET', '/api/v1/system/status/');
  if (res.status !== 200) return null;
  return (JSON.parse(res.body) as { heap_used_bytes?: number }).heap_used_bytes ?? null;
}

async function timed(client: Client, n: number, request: (i: number) => Promise<{ ms: number }>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  const began = performance.now();
  for (let i = 0; i < n; i++) samples.push((await request(i)).ms);
  return { samples, wallMs: performance.now() - began };
}

const leadBody = (i: number) => ({
  first_name: 'Bench', last_name: `Lead ${i}`, email: `bench.lead${i}@bench.example`, company_name: 'Bench Labs Inc',
  phone: '+1 555-200-1000', job_title: 'Buyer', lead_source: 'website', priority: 'medium', estimated_value: 12_000,
  notes: 'Created by the benchmark.', tags: ['bench'],
});

async function measureHttp(client: Client, dataDir: string): Promise<void> {
  const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
  const contactIds = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY random() LIMIT 2000').pluck().all() as string[];
  const companyIds = db.prepare('SELECT id FROM companies WHERE deleted_at IS NULL ORDER BY random() LIMIT 20').pluck().all() as string[];
  db.close();

  for (let i = 0; i < 300; i++) await client.call('GET', `/api/v1/contacts/${contactIds[i % contactIds.length]}/`);
  const get = await timed(client, contactIds.length, (i) => client.call('GET', `/api/v1/contacts/${contactIds[i]}/`));
  record('GET one contact p50', percentile(get.samples, 50), 'ms', 1);
  record('GET one contact p99', percentile(get.samples, 99), 'ms', 5);

  const runId = Date.now().toString(36);
  const created: string[] = [];
  for (let i = 0; i < 50; i++) created.push(JSON.parse((await client.call('POST', '/api/v1/leads/', leadBody(i))).body).id);
  const create = await timed(client, 1000, async (i) => {
    const res = await client.call('POST', '/api/v1/leads/', { ...leadBody(i), email: `bench.${runId}.${i}@bench.example` });
    created.push((JSON.parse(res.body) as { id: string }).id);
    return res;
  });
  record('create lead p50', percentile(create.samples, 50), 'ms', 2);
  record('create lead p99', percentile(create.samples, 99), 'ms', 10);
  record('create lead writes/s (sequential)', 1000 / (create.wallMs / 1000), 'writes/s', 500, 'min');
  const update = await timed(client, 1000, (i) =>
    client.call('PATCH', `/api/v1/leads/${created[50 + i]}/`, { status: 'contacted', lead_score: (i % 100) + 1, notes: `Called back (${i}).` }));
  record('update lead p50', percentile(update.samples, 50), 'ms', 2);
  record('update lead p99', percentile(update.samples, 99), 'ms', 10);
  record('update lead writes/s (sequential)', 1000 / (update.wallMs / 1000), 'writes/s', 500, 'min');
  // Several clients at once (the UI, a script, an import): group commit shares each fsync.
  const concurrentStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 1000) {
        const i = next++;
        const res = await client.call('POST', '/api/v1/leads/', { ...leadBody(i), email: `bench.${runId}.c${i}@bench.example` });
        created.push((JSON.parse(res.body) as { id: string }).id);
      }
    }),
  );
  record('create lead writes/s (8 concurrent clients)', 1000 / ((performance.now() - concurrentStart) / 1000), 'writes/s', 500, 'min');
  // The bench's leads are deleted again, so list counts of the generated store stay put.
  for (const id of created) await client.call('DELETE', `/api/v1/leads/${id}/`);

  const lists = [
    '/api/v1/leads/?status=qualified&ordering=-created_at',
    '/api/v1/opportunities/?stage=proposal&amount__gte=50000&ordering=-amount',
    '/api/v1/contacts/?ordering=last_name',
    '/api/v1/activities/?ordering=-occurred_at',
    `/api/v1/contacts/?company=${companyIds[0]}&ordering=-created_at`,
  ];
  for (const base of lists) {
    const first = JSON.parse((await client.call('GET', `${base}&page=1`)).body) as { count: number };
    const lastPage = Math.max(1, Math.ceil(first.count / 20));
    for (const page of [...new Set([1, Math.max(1, lastPage - 1)])]) {
      const path = `${base}&page=${page}`;
      for (let i = 0; i < 10; i++) await client.call('GET', path);
      const run = await timed(client, 100, () => client.call('GET', path));
      const label = base.replace('/api/v1/', '').replace(/company=[^&]+/, 'company=<id>');
      record(`list ${label} p${page} p95`, percentile(run.samples, 95), 'ms', 10);
    }
  }

  const prefixes = ['jo', 'mar', 'smi', 'garc', 'lovel', 'ada', 'kim', 'patel', 'sum', 'north', 'john smi', 'maria lop', 'harbor log', 'ceo', 'berlin', 'vip'];
  for (const q of prefixes) await client.call('GET', `/api/v1/contacts/?search=${encodeURIComponent(q)}`);
  const search = await timed(client, prefixes.length * 10, (i) => client.call('GET', `/api/v1/contacts/?search=${encodeURIComponent(prefixes[i % prefixes.length])}`));
  record(`search contacts top 20 p95 (${prefixes.length} prefixes)`, percentile(search.samples, 95), 'ms', 20);
  const worst = prefixes.map((q, i) => ({ q, ms: Math.max(...search.samples.filter((_, j) => j % prefixes.length === i)) })).sort((a, b) => b.ms - a.ms)[0];
  console.log(`    (slowest search: "${worst.q}" ${fmt(worst.ms, 1)} ms)`);
}

/** Import through the write path into a scratch store, so the measured store stays as generated. */
function measureImport(): void {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
  const engine = createEngine({ dataDir: dir });
  try {
    const ctx = { actor: null, origin: 'import' as const };
    const began = performance.now();
    for (let batch = 0; batch < 10; batch++) {
      engine.records.transaction(() => {
        for (let i = batch * 5000; i < (batch + 1) * 5000; i++) engine.records.create('lead', { ...leadBody(i), email: `import${i}@bench.example` }, ctx);
      });
    }
    record('import 50,000 leads (records.create, 5,000/tx)', 50_000 / ((performance.now() - began) / 1000), 'rows/s', 50_000, 'min');
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { dataDir, tier, reuse, seed } = options();
  await ensureStore(dataDir, tier, reuse, seed);
  console.log(`\nbench: tier ${tier}, node ${process.version}\n  ${'metric'.padEnd(72)} ${'measured'.padStart(14)}   ${'budget'.padEnd(16)} ok/OVER`);
  const first = await coldStart(dataDir);
  try {
    record('cold start: spawn to listening', first.listeningMs, 'ms', null);
    record('cold start: spawn to first authenticated GET', first.readyMs, 'ms', 2000);
    const h = await heap(first.client);
    record('main process heap after start', h === null ? null : h / 2 ** 20, 'MB', 300);
    await measureHttp(first.client, dataDir);
    const after = await heap(first.client);
    record('main process heap after the run', after === null ? null : after / 2 ** 20, 'MB', 300);
  } finally {
    first.client.close();
    await stopServer(first.child);
  }
  const restarts: number[] = [];
  for (let i = 0; i < 2; i++) {
    const again = await coldStart(dataDir);
    restarts.push(again.readyMs);
    again.client.close();
    await stopServer(again.child);
  }
  record('cold start, best of 2 restarts (warm page cache)', Math.min(...restarts), 'ms', 2000);
  measureImport();

  const over = metrics.filter((m) => m.ok === false).length;
  console.log(`\nbench: ${metrics.length} figures, ${over} over budget${metrics.some((m) => m.measured === null) ? ', some n/a' : ''}`);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ tier, seed, node: process.version, at: new Date().toISOString(), metrics }, null, 2)}\n`);
  console.log(`bench: results written to bench-data/last-results.json`);
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
