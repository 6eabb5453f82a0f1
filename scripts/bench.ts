/**
 * Measures the write, read, search and start-up targets (issue 16, DESIGN.md section 7) over
 * real HTTP against a copy of a pristine generated store, so every run starts from the same
 * store:
 *   npm run bench -- --pristine DIR [--data-dir COPY] [--runs 3] [--entry built|tsx]
 *   npm run bench -- --data-dir DIR --use-as-is true     (measures DIR itself; it drifts)
 *   npm run bench -- [--tier M|S]     (pristine store bench-data/<tier>, generated when missing)
 * The pristine store is copied into the run directory (default bench-data/run) first and the
 * copy removed at the end (--keep-copy true keeps it). Figures are taken --runs times and shown
 * as min and median, judged on the median; the machine's fsync p50, loopback round trip and
 * load average are printed beside them. Over target is a finding: the exit code is non-zero
 * only when the bench itself fails.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createEngine, STORE_FILE } from '../src/main/app/create-engine';
import { SEED_ADMIN, SEED_TIERS, SeedClock, seedStore, startOfUtcDay, type SeedTier } from '../src/main/engines/seed';
import { Client } from './bench-support/http-client';
import { fsyncP50, loadAverage, loopbackRoundTripP50 } from './bench-support/machine';
import { Report } from './bench-support/report';
import { startServer, stopServer, type Entry } from './bench-support/server-process';
import { measureHttp } from './bench-support/http-figures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench-data', 'last-results.json');
const COPY_MARK = '.bench-copy';
const TABLES = {
  user: 'users',
  company: 'companies',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  task: 'tasks',
  activity: 'activities',
} as const;
const COLD_START_TARGET_MS = 500;
const HEAP_TARGET_MB = 300;
const credentials = { username: SEED_ADMIN.username, password: SEED_ADMIN.password };

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function options() {
  let v;
  try {
    v = parseArgs({
      options: {
        pristine: { type: 'string' },
        'data-dir': { type: 'string' },
        'use-as-is': { type: 'string', default: 'false' },
        'keep-copy': { type: 'string', default: 'false' },
        runs: { type: 'string', default: '3' },
        entry: { type: 'string', default: 'built' },
        tier: { type: 'string', default: 'M' },
        seed: { type: 'string', default: '1' },
        import: { type: 'string', default: 'true' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  for (const flag of ['use-as-is', 'keep-copy', 'import'] as const)
    if (v[flag] !== 'true' && v[flag] !== 'false') fail(`--${flag} must be true or false, got "${v[flag]}"`);
  if (v.tier !== 'M' && v.tier !== 'S') fail(`--tier must be M or S, got "${v.tier}"`);
  if (v.entry !== 'built' && v.entry !== 'tsx') fail(`--entry must be built or tsx, got "${v.entry}"`);
  if (!/^[1-9]$/.test(v.runs)) fail(`--runs must be 1 to 9, got "${v.runs}"`);
  if (!/^\d{1,9}$/.test(v.seed)) fail(`--seed must be a whole number, got "${v.seed}"`);
  if (v['use-as-is'] === 'true' && (!v['data-dir'] || v.pristine)) fail('--use-as-is true needs --data-dir and no --pristine');
  return {
    pristine: v.pristine ? resolve(v.pristine) : null,
    dataDir: v['data-dir'] ? resolve(v['data-dir']) : null,
    asIs: v['use-as-is'] === 'true',
    keepCopy: v['keep-copy'] === 'true',
    runs: Number(v.runs),
    entry: v.entry as Entry,
    tier: v.tier as SeedTier,
    seed: Number(v.seed),
    measureImport: v.import === 'true',
  };
}

/** The store holds at least the tier's records. */
function storeMatchesTier(dataDir: string, tier: SeedTier): boolean {
  const file = join(dataDir, STORE_FILE);
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true });
  try {
    return Object.entries(TABLES).every(
      ([entity, table]) => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) >= SEED_TIERS[tier][entity as keyof typeof TABLES],
    );
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** Generates the pristine store of a tier into bench-data/<tier> when it is not there yet. */
async function ensurePristine(dir: string, tier: SeedTier, seed: number): Promise<void> {
  if (storeMatchesTier(dir, tier)) return;
  if (existsSync(join(dir, STORE_FILE))) fail(`${dir} holds a store that is not a complete ${tier} store; remove it or pass --pristine`);
  console.log(`store: generating tier ${tier} (seed ${seed}) in ${dir}${tier === 'M' ? '; this takes a long while' : ''}`);
  const now = startOfUtcDay();
  const clock = new SeedClock(now.getTime());
  const engine = createEngine({ dataDir: dir, clock });
  try {
    await seedStore({ ...engine, clock }, { counts: SEED_TIERS[tier], seed, now });
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    engine.db.exec('ANALYZE');
  } finally {
    engine.close();
  }
}

/** A fresh copy of the pristine store; only a directory the bench made (or an empty one) is overwritten. */
function freshCopy(pristine: string, target: string): number {
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, COPY_MARK))) {
    fail(`${target} is not empty and is not a copy the bench made; pick another --data-dir`);
  }
  rmSync(target, { recursive: true, force: true });
  const began = performance.now();
  cpSync(pristine, target, { recursive: true, filter: (src) => !src.endsWith('DONE') });
  writeFileSync(join(target, COPY_MARK), 'A copy of a pristine store made by npm run bench; deleted at the end of the run.\n');
  return performance.now() - began;
}

/**
 * Brings the copy to this version before anything is timed: its migrations, and the one-time
 * merge of its full-text indexes that a first start leaves to quiet moments (a few seconds on
 * M, after migration 0028 or an import), which would otherwise run between the figures.
 */
async function settle(dataDir: string): Promise<number> {
  const began = performance.now();
  const engine = createEngine({ dataDir, reminderIntervalMs: 3_600_000 });
  // The merger's timer does not hold the process open.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const merger = engine.records.upkeep.searchMerger;
    if (merger && merger.pendingOptimize().length > 0) {
      merger.committed();
      await merger.merged();
    }
  } finally {
    clearInterval(keepAlive);
    engine.close();
  }
  return performance.now() - began;
}

async function heapMb(client: Client): Promise<number | null> {
  const res = await client.raw('GET', '/api/v1/system/status/');
  if (res.status !== 200) return null;
  const bytes = (JSON.parse(res.body) as { heap_used_bytes?: number }).heap_used_bytes;
  return bytes === undefined ? null : bytes / 2 ** 20;
}

/** Spawns the server `runs` times: to listening, to a GET with an API token, and with a password sign-in first. */
async function coldStarts(report: Report, dataDir: string, runs: number, entry: Entry): Promise<string> {
  // The first start after a build compiles the bundle and saves V8's code cache; it is shown apart.
  const first = await startServer(ROOT, entry, dataDir);
  report.add('first start after a build (no code cache yet): spawn to listening', 'ms', first.listeningMs);
  await stopServer(first.child);
  let token = '';
  for (let i = 0; i < runs; i++) {
    const server = await startServer(ROOT, entry, dataDir);
    const client = new Client(server.url, credentials);
    try {
      await client.login();
      await client.call('GET', '/api/v1/contacts/?page_size=1');
      report.add('cold start: spawn to listening', 'ms', server.listeningMs);
      report.add('cold start: spawn to first GET, password sign-in first', 'ms', performance.now() - server.spawnedAt, COLD_START_TARGET_MS);
      if (!token) token = (JSON.parse((await client.call('POST', '/api/v1/auth/api-tokens/', { name: 'bench' })).body) as { token: string }).token;
    } finally {
      client.close();
      await stopServer(server.child);
    }
  }
  for (let i = 0; i < runs; i++) {
    const server = await startServer(ROOT, entry, dataDir);
    const client = new Client(server.url, credentials).useToken(token);
    try {
      await client.call('GET', '/api/v1/contacts/?page_size=1');
      report.add('cold start: spawn to first GET with an API token', 'ms', performance.now() - server.spawnedAt, COLD_START_TARGET_MS);
    } finally {
      client.close();
      await stopServer(server.child);
    }
  }
  return token;
}

/** Import through the write path into a scratch store, so the measured store stays as copied. */
function measureImport(report: Report): void {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
  const engine = createEngine({ dataDir: dir });
  try {
    const ctx = { actor: null, origin: 'import' as const };
    const began = performance.now();
    for (let batch = 0; batch < 4; batch++) {
      engine.records.transaction(() => {
        for (let i = batch * 5000; i < (batch + 1) * 5000; i++) {
          engine.records.create(
            'lead',
            { first_name: 'Import', last_name: `Row ${i}`, email: `import${i}@bench.example`, status: 'new', tags: ['bench'] },
            ctx,
          );
        }
      });
    }
    report.add('import 20,000 leads (records.create, 5,000 a transaction)', 'rows/s', 20_000 / ((performance.now() - began) / 1000), 50_000, 'min');
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const report = new Report();
  let dataDir: string;
  let copied = false;
  if (opts.asIs) {
    dataDir = opts.dataDir!;
    if (!existsSync(join(dataDir, STORE_FILE))) fail(`no store in ${dataDir}`);
    console.log(`store: measuring ${dataDir} as it is (it drifts from run to run: every run adds ~${6 * opts.runs}k leads)`);
  } else {
    const pristine = opts.pristine ?? join(ROOT, 'bench-data', opts.tier);
    if (!opts.pristine) await ensurePristine(pristine, opts.tier, opts.seed);
    if (!existsSync(join(pristine, STORE_FILE))) fail(`no store in ${pristine}`);
    dataDir = opts.dataDir ?? join(ROOT, 'bench-data', 'run');
    const ms = freshCopy(pristine, dataDir);
    copied = true;
    console.log(`store: copied the pristine store ${pristine} to ${dataDir} in ${(ms / 1000).toFixed(1)} s`);
    console.log(`store: brought the copy to this version (migrations, full-text merges) in ${((await settle(dataDir)) / 1000).toFixed(1)} s`);
  }

  const fsync = fsyncP50(dataDir);
  const rtt = await loopbackRoundTripP50();
  console.log(
    `\nbench: node ${process.version}, ${opts.entry === 'built' ? 'built JavaScript (out/headless)' : 'TypeScript through tsx'}, ${opts.runs} runs a figure`,
  );
  console.log(`machine: fsync p50 ${fsync.toFixed(3)} ms, loopback HTTP round trip p50 ${rtt.toFixed(3)} ms, load average ${loadAverage()} (1/5/15 min)`);

  const heaps: number[] = [];
  try {
    await coldStarts(report, dataDir, opts.runs, opts.entry);
    const server = await startServer(ROOT, opts.entry, dataDir);
    // Figures are taken as the app's UI signs in (a session token), not with the API token.
    const client = new Client(server.url, credentials);
    await client.login();
    const sampleHeap = async () => {
      const mb = await heapMb(client);
      if (mb !== null) heaps.push(mb);
    };
    try {
      await sampleHeap();
      for (let rep = 0; rep < opts.runs; rep++) {
        await measureHttp({ url: server.url, credentials, client, dataDir, storeFile: STORE_FILE, report, sampleHeap }, rep);
        console.log(`    run ${rep + 1} of ${opts.runs} done (load average ${loadAverage()})`);
      }
    } finally {
      client.close();
      await stopServer(server.child);
    }
    if (heaps.length) report.add(`main process heap, max of ${heaps.length} samples through the run`, 'MB', Math.max(...heaps), HEAP_TARGET_MB);
    if (opts.measureImport) for (let rep = 0; rep < opts.runs; rep++) measureImport(report);
  } finally {
    if (copied && !opts.keepCopy) rmSync(dataDir, { recursive: true, force: true });
  }

  report.print();
  console.log(`\nmachine: fsync p50 ${fsync.toFixed(3)} ms, loopback round trip p50 ${rtt.toFixed(3)} ms, load average at the end ${loadAverage()}`);
  console.log(`bench: ${report.figures.length} figures, ${report.overCount()} over target (judged on the median)`);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        node: process.version,
        entry: opts.entry,
        at: new Date().toISOString(),
        fsyncP50Ms: fsync,
        loopbackRttP50Ms: rtt,
        loadAverage: loadAverage(),
        figures: report.figures.map((f) => ({ ...f, ...Report.row(f) })),
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    RESULTS_FILE.replace(/\.json$/, '.md'),
    `Load average at the end ${loadAverage()}; fsync p50 ${fsync.toFixed(3)} ms, loopback round trip p50 ${rtt.toFixed(3)} ms.\n\n${report.markdown()}`,
  );
  console.log('bench: results written to bench-data/last-results.json and last-results.md');
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
