/**
 * Relay at scale:  npm run bench:relay [-- --connections 1000 --rate 500 --seconds 10 --only pglite,pg1,pg2]
 *
 * Loopback only, a few minutes. For PGlite (one instance), PostgreSQL with one instance and
 * PostgreSQL with two instances: `--connections` simulated installs per instance speaking the
 * real protocol over TCP (one team), a steady offered load of `--rate` pushed updates/s per
 * instance with push-to-delivery latency timed at observers on every instance (budget p99 <
 * 250 ms), the most each instance acks with writers pushing as fast as it answers, relay RSS
 * per 1,000 connections; then rows and bytes per 100k updates before and after compaction.
 * PostgreSQL is a throwaway server (Debian's binaries, like the tests) unless --database-url.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createAccessTokens, newSecret } from '../sync-server/src/identity/access-tokens';
import { createIdentityService } from '../sync-server/src/identity/identity-service';
import { openPostgresDriver } from '../sync-server/src/store/postgres-driver';
import { openRelayStore } from '../sync-server/src/store/relay-store';
import { openPgliteDriver, type SqlDriver } from '../sync-server/src/store/sql-driver';
import { startPostgres, type PostgresServer } from '../tests/helpers/postgres-server';
import { spawnRelay, type RelayProcess } from '../tests/helpers/relay-process';
import { describeLatency, runLoad, type LoadOptions } from './bench-relay/load-scenario';
import { measureStorage } from './bench-relay/storage';

const { values } = parseArgs({
  options: {
    connections: { type: 'string' },
    rate: { type: 'string' },
    batch: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    'storage-updates': { type: 'string' },
    'pglite-storage-updates': { type: 'string' },
  },
});
const LOAD: LoadOptions = {
  // Pushes of 50: what a sync client's outbox sends when its install changes records quickly.
  connections: Number(values.connections ?? 1000),
  rate: Number(values.rate ?? 500),
  batch: Number(values.batch ?? 50),
  seconds: Number(values.seconds ?? 8),
  writers: 10,
  observers: 4,
};
const STORAGE_UPDATES = Number(values['storage-updates'] ?? 100_000);
// PGlite appends and compacts on one thread (about two minutes for 100k here): a fifth, scaled.
const PGLITE_STORAGE_UPDATES = Number(values['pglite-storage-updates'] ?? 20_000);
const ONLY = new Set((values.only ?? 'pglite,pg1,pg2').split(','));
const log = (line: string) => console.log(line);

/** A team, one account and an access token per simulated install (signed directly: sign-in is rate-limited). */
async function seed(driver: SqlDriver, count: number) {
  const store = await openRelayStore(driver);
  const secret = await store.identity.putSettingIfAbsent('access_token_key', newSecret());
  const tokens = createAccessTokens(new TextEncoder().encode(secret));
  const identity = createIdentityService({ store: store.identity, tokens, now: () => new Date(), onMemberRemoved: () => {} });
  const admin = await identity.createTeam({ team_name: 'Bench', email: 'bench@relay.test', password: 'bench-password-1', device_id: 'dev-0' });
  const devices = [];
  for (let i = 0; i < count; i++) {
    devices.push({ device: `dev-${i}`, token: await tokens.sign({ account_id: admin.account_id, team_id: admin.team_id, device_id: `dev-${i}` }, new Date()) });
  }
  await store.close();
  return { account: admin.account_id, devices };
}

async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client(baseUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const mb = (n: number) => `${n.toFixed(0)} MB`;
const rows: string[][] = [];

async function scenario(label: string, instances: number, store: { dir: string } | { url: string }) {
  log(`\n${label}: ${instances} instance(s), ${LOAD.connections} installs each, offered ${LOAD.rate} updates/s each in pushes of ${LOAD.batch}`);
  const driver = 'dir' in store ? await openPgliteDriver(store.dir) : openPostgresDriver(store.url);
  const { account, devices } = await seed(driver, LOAD.connections * instances);
  const relays: RelayProcess[] = [];
  try {
    for (let i = 0; i < instances; i++) relays.push(await spawnRelay('dir' in store ? store.dir : { databaseUrl: store.url }));
    const r = await runLoad(
      relays.map((x) => x.url),
      account,
      devices,
      LOAD,
      log,
    );
    const all = [...r.delivered.same, ...r.delivered.cross];
    log(`  relay RSS idle ${r.rssIdleMb.map(mb).join(' / ')}; per 1,000 connections +${r.rssPer1000Mb.map(mb).join(' / ')}`);
    log(`  offered ${r.offeredPerInstance.toFixed(0)} updates/s per instance; acked ${r.ackedPerInstance.map((x) => x.toFixed(0)).join(' / ')} updates/s`);
    log(`  push -> delivery, all observers: ${describeLatency(all)}${r.missing ? `; ${r.missing} deliveries not yet in 10 s after the last push` : ''}`);
    if (instances > 1) log(`    same instance: ${describeLatency(r.delivered.same)}; across instances: ${describeLatency(r.delivered.cross)}`);
    log(
      `  relay means: append transaction ${r.appendMs.map((x) => x.toFixed(1)).join(' / ')} ms, commit -> live send ${r.fanoutMs.map((x) => x.toFixed(1)).join(' / ')} ms (max ${r.fanoutMaxMs.map((x) => x.toFixed(0)).join(' / ')} ms)`,
    );
    log(`  most acked with writers pushing as fast as acked: ${r.maxPerInstance.map((x) => x.toFixed(0)).join(' / ')} updates/s per instance`);
    const p = (q: number) => [...all].sort((a, b) => a - b)[Math.min(all.length - 1, Math.floor(q * all.length))]?.toFixed(0) ?? 'n/a';
    rows.push([
      label,
      String(r.connected),
      r.ackedPerInstance.map((x) => x.toFixed(0)).join('/'),
      r.maxPerInstance.map((x) => x.toFixed(0)).join('/'),
      `${p(0.5)} / ${p(0.99)}`,
      r.rssPer1000Mb.map(mb).join('/'),
      String(r.missing),
    ]);
  } finally {
    for (const x of relays) await x.stop();
  }
}

async function storage(label: string, driver: SqlDriver, updates: number) {
  const s = await measureStorage(driver, updates, updates / 20);
  const per = (n: number) => (n * 100_000) / s.updates;
  const fmt = (x: typeof s.before) =>
    `${per(x.rows).toFixed(0)} rows, ${(per(x.rowBytes) / 1e6).toFixed(1)} MB of rows, ${(per(x.diskBytes) / 1e6).toFixed(1)} MB on disk with indexes`;
  const scaled = s.updates === 100_000 ? '' : `, measured on ${s.updates} and scaled`;
  log(
    `\n${label} storage per 100k updates (leads edited 20 times each${scaled}; appended in ${s.appendSeconds.toFixed(1)} s, compacted in ${s.compactSeconds.toFixed(1)} s):`,
  );
  log(`  before compaction: ${fmt(s.before)}`);
  log(`  after compaction:  ${fmt(s.after)}`);
}

async function main() {
  log(
    `bench:relay on ${process.platform}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at start`,
  );
  const t0 = performance.now();
  let server: PostgresServer | null = null;
  const dirs: string[] = [];
  try {
    if (ONLY.has('pglite')) {
      const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
      dirs.push(dir);
      await scenario('PGlite', 1, { dir });
      const sdir = mkdtempSync(join(tmpdir(), 'relay-bench-storage-'));
      dirs.push(sdir);
      await storage('PGlite', await openPgliteDriver(sdir), PGLITE_STORAGE_UPDATES);
    }
    if (ONLY.has('pg1') || ONLY.has('pg2')) {
      const base = values['database-url'] ?? (server = await startPostgres()).url;
      if (ONLY.has('pg1')) await scenario('PostgreSQL, 1 instance', 1, { url: await freshDatabase(base, 'relay_bench_1') });
      if (ONLY.has('pg2')) await scenario('PostgreSQL, 2 instances', 2, { url: await freshDatabase(base, 'relay_bench_2') });
      await storage('PostgreSQL', openPostgresDriver(await freshDatabase(base, 'relay_bench_storage')), STORAGE_UPDATES);
    }
  } finally {
    await server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  log(
    '\n| Setup | Installs | Acked updates/s per instance (offered ' +
      LOAD.rate +
      ') | Most acked/s per instance | Delivery p50 / p99 ms (budget p99 < 250) | RSS per 1,000 connections | Late (> 10 s) |',
  );
  log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) log(`| ${r.join(' | ')} |`);
  log(
    `\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at end`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
