import { describe, expect, it, onTestFinished } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../../../src/main/app/create-engine';
import { SEED_ADMIN, SEED_TIERS, SeedClock, seedStore, type SeedCounts } from '../../../../src/main/engines/seed';
import { tempDir } from '../../../helpers/temp-store';

const NOW = new Date('2025-06-01T00:00:00Z');

async function seeded(seed: number, counts: SeedCounts = SEED_TIERS.tiny) {
  const dir = tempDir();
  // tempDir's afterEach does not run when registered inside a running test; remove it here too.
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new SeedClock(NOW.getTime());
  const engine = createEngine({ dataDir: join(dir, 'store'), clock });
  const summary = await seedStore({ ...engine, clock }, { counts, seed, now: NOW, batchSize: 37 });
  return { engine, summary };
}

const orphans = (engine: ReturnType<typeof createEngine>, table: string, column: string, target: string) =>
  engine.db
    .prepare(`SELECT count(*) FROM ${table} t WHERE t.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${target} x WHERE x.id = t.${column})`)
    .pluck()
    .get();

describe('seed generator', () => {
  it('creates the requested counts with valid relations, all dated within two years before now', async () => {
    const { engine, summary } = await seeded(7);
    try {
      const counts = SEED_TIERS.tiny;
      const tables: Record<keyof SeedCounts, string> = {
        user: 'users',
        company: 'companies',
        contact: 'contacts',
        lead: 'leads',
        opportunity: 'opportunities',
        task: 'tasks',
        activity: 'activities',
      };
      for (const [entity, table] of Object.entries(tables)) {
        expect(engine.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(counts[entity as keyof SeedCounts]);
      }
      expect(summary.created).toEqual(counts);
      expect(summary.updates).toBeGreaterThan(0);

      expect(orphans(engine, 'contacts', 'company', 'companies')).toBe(0);
      expect(engine.db.prepare('SELECT count(*) FROM contacts c JOIN companies k ON k.id = c.company WHERE c.company_name IS NOT k.name').pluck().get()).toBe(
        0,
      );
      expect(engine.db.prepare('SELECT count(*) FROM opportunities WHERE contact IS NULL').pluck().get()).toBe(0);
      for (const [table, column, target] of [
        ['opportunities', 'contact', 'contacts'],
        ['opportunities', 'company', 'companies'],
        ['opportunities', 'owner', 'users'],
        ['tasks', 'contact', 'contacts'],
        ['tasks', 'lead', 'leads'],
        ['tasks', 'opportunity', 'opportunities'],
        ['activities', 'contact', 'contacts'],
        ['activities', 'lead', 'leads'],
        ['activities', 'opportunity', 'opportunities'],
        ['activities', 'user', 'users'],
        ['leads', 'owner', 'users'],
        ['companies', 'owner', 'users'],
      ]) {
        expect(orphans(engine, table, column, target), `${table}.${column}`).toBe(0);
      }
      // A record only refers to records that existed when it was created.
      expect(
        engine.db.prepare('SELECT count(*) FROM opportunities o JOIN contacts c ON c.id = o.contact WHERE c.created_at > o.created_at').pluck().get(),
      ).toBe(0);

      const twoYearsAgo = new Date(NOW.getTime() - 731 * 86_400_000).toISOString();
      for (const table of Object.values(tables)) {
        const range = engine.db.prepare(`SELECT min(created_at) AS lo, max(created_at) AS hi, max(updated_at) AS up FROM ${table}`).get() as Record<
          string,
          string
        >;
        expect(range.lo >= twoYearsAgo && range.hi <= NOW.toISOString() && range.up <= NOW.toISOString(), table).toBe(true);
      }
      const admin = await engine.auth.login({ username: SEED_ADMIN.username, password: SEED_ADMIN.password }, 'test');
      expect(admin.access).toEqual(expect.any(String));
    } finally {
      engine.close();
    }
  });

  it('gives the same content for the same seed and different content for another', async () => {
    const snapshot = (engine: ReturnType<typeof createEngine>) => ({
      contacts: engine.db.prepare('SELECT first_name, last_name, email, company_name, created_at FROM contacts ORDER BY created_at, email').all(),
      opportunities: engine.db.prepare('SELECT name, stage, amount, close_date, updated_at FROM opportunities ORDER BY created_at, name').all(),
      activities: engine.db.prepare('SELECT subject, occurred_at FROM activities ORDER BY created_at').all(),
    });
    const runs = [];
    for (const seed of [3, 3, 4]) {
      const { engine } = await seeded(seed);
      runs.push(snapshot(engine));
      engine.close();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2].contacts).not.toEqual(runs[0].contacts);
  });

  it('refuses a store that already holds users and counts that cannot be related', async () => {
    const { engine } = await seeded(1, { ...SEED_TIERS.tiny, activity: 0, task: 0 });
    const clock = new SeedClock();
    try {
      await expect(seedStore({ ...engine, clock }, { counts: SEED_TIERS.tiny, seed: 1, now: NOW })).rejects.toThrow(/already holds users/);
      await expect(seedStore({ ...engine, clock }, { counts: { ...SEED_TIERS.tiny, contact: 0 }, seed: 1, now: NOW })).rejects.toThrow(/need contacts/);
    } finally {
      engine.close();
    }
  });
});
