/**
 * Builds a generated CRM store: `npm run seed -- --data-dir DIR --tier S|M|tiny [--seed N] [--now ISO]`.
 * The store must be new (empty dir). Sign in with admin / admin-password-1; other users with
 * their username and user-password-1.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, STORE_FILE } from '../src/main/app/create-engine';
import { SEED_ADMIN, SEED_TIERS, SEED_USER_PASSWORD, SeedClock, seedStore, startOfUtcDay, type SeedProgress, type SeedTier } from '../src/main/engines/seed';

const USAGE = 'usage: npm run seed -- --data-dir DIR --tier S|M|tiny [--seed N] [--now ISO-DATE]';

function fail(message: string): never {
  console.error(`seed: ${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        tier: { type: 'string' },
        seed: { type: 'string', default: '1' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dataDir = parsed['data-dir'] ?? fail('--data-dir is required');
  const tier = parsed.tier ?? fail('--tier is required');
  if (!(tier in SEED_TIERS)) fail(`unknown tier "${tier}" (choose S, M or tiny)`);
  if (!/^\d{1,9}$/.test(parsed.seed)) fail(`--seed must be a whole number, got "${parsed.seed}"`);
  const now = parsed.now === undefined ? startOfUtcDay() : new Date(parsed.now);
  if (Number.isNaN(now.getTime())) fail(`--now must be an ISO date, got "${parsed.now}"`);
  if (now.getTime() > Date.now()) fail('--now must not be in the future (later edits would sort before the seeded ones)');
  if (existsSync(join(dataDir, STORE_FILE))) fail(`${join(dataDir, STORE_FILE)} already exists; seed a new data directory`);
  return { dataDir, tier: tier as SeedTier, seed: Number(parsed.seed), now };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function progressLine(p: SeedProgress, lastWrites: number, lastMs: number): string {
  const rate = (p.writes - lastWrites) / ((p.elapsedMs - lastMs) / 1000);
  const created = Object.values(p.created).reduce((a, b) => a + b, 0);
  const parts = Object.entries(p.created)
    .map(([entity, n]) => `${entity} ${fmt(n)}`)
    .join(', ');
  const pct = ((100 * created) / p.plannedCreates).toFixed(0).padStart(3);
  return `[${pct}%] ${(p.elapsedMs / 1000).toFixed(1).padStart(6)} s  ${fmt(rate).padStart(6)} rows/s  created ${fmt(created)}/${fmt(p.plannedCreates)} (${parts}), updates ${fmt(p.updates)}`;
}

async function main(): Promise<void> {
  const { dataDir, tier, seed, now } = options();
  console.log(`seed: tier ${tier}, seed ${seed}, history up to ${now.toISOString()}, into ${dataDir}`);
  const clock = new SeedClock(now.getTime());
  const engine = createEngine({ dataDir, clock });
  let last = { writes: 0, ms: 0, printedMs: -Infinity };
  try {
    const summary = await seedStore(
      { ...engine, clock },
      {
        counts: SEED_TIERS[tier],
        seed,
        now,
        onProgress: (p) => {
          if (p.elapsedMs - last.printedMs < 2_000 && p.writes < p.plannedCreates) return;
          console.log(progressLine(p, last.writes, last.ms));
          last = { writes: p.writes, ms: p.elapsedMs, printedMs: p.elapsedMs };
        },
      },
    );
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    engine.db.exec('ANALYZE');
    const size = statSync(join(dataDir, STORE_FILE)).size;
    console.log('\nseed: done');
    for (const [entity, n] of Object.entries(summary.created)) console.log(`  ${entity.padEnd(12)} ${fmt(n).padStart(10)}`);
    console.log(`  ${'updates'.padEnd(12)} ${fmt(summary.updates).padStart(10)}`);
    console.log(
      `  ${fmt(summary.writes)} writes in ${(summary.elapsedMs / 1000).toFixed(1)} s = ${fmt(summary.writesPerSecond)} rows/s; store ${(size / 2 ** 20).toFixed(0)} MiB`,
    );
    console.log(`  sign in: ${SEED_ADMIN.username} / ${SEED_ADMIN.password} (other users: their username / ${SEED_USER_PASSWORD})`);
  } finally {
    engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(`seed: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
