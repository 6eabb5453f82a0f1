import type { Db } from '../../db/open-database';
import type { AuthEngine } from '../auth';
import type { RecordsEngine } from '../records';
import type { SeedClock } from './seed-clock';
import { DAY_MS, emptySeedState } from './seed-state';
import { createSeedUsers } from './seed-users';
import { SeedTimeline, STREAM_ENTITIES, type StreamEntity } from './seed-timeline';

export type SeedEntity = 'user' | StreamEntity;
export type SeedCounts = Record<SeedEntity, number>;
export type SeedTier = 'tiny' | 'S' | 'M';

/** Sizes of the generated stores; M is the dataset of the performance budgets (DESIGN.md section 7). */
export const SEED_TIERS: Record<SeedTier, SeedCounts> = {
  tiny: { user: 3, company: 8, contact: 30, lead: 20, opportunity: 15, task: 25, activity: 80 },
  S: { user: 5, company: 200, contact: 1_000, lead: 500, opportunity: 500, task: 2_000, activity: 10_000 },
  M: { user: 50, company: 20_000, contact: 100_000, lead: 50_000, opportunity: 50_000, task: 20_000, activity: 1_000_000 },
};

export const SEED_HISTORY_DAYS = 730;

export interface SeedDeps {
  db: Db;
  records: RecordsEngine;
  auth: AuthEngine;
  /** The clock the engine was created with; the generator moves it through history. */
  clock: SeedClock;
}

export interface SeedOptions {
  counts: SeedCounts;
  seed: number;
  /** The end of the generated history; nothing is dated later. Same seed and now, same data. */
  now: Date;
  /** Writes per transaction. */
  batchSize?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  created: SeedCounts;
  updates: number;
  writes: number;
  /** Creates planned in all (updates follow from the history and are not known ahead). */
  plannedCreates: number;
  elapsedMs: number;
}

export interface SeedSummary extends SeedProgress {
  writesPerSecond: number;
}

/** Start of the current UTC day: the default `now`, so a seed gives the same data all day. */
export function startOfUtcDay(date: Date = new Date()): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export function countsProblem(counts: SeedCounts): string | null {
  for (const [entity, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || n < 0) return `count of ${entity} must be a whole number >= 0`;
  }
  if (counts.user < 1) return 'at least one user (the admin) is needed';
  if (counts.opportunity > 0 && counts.contact === 0) return 'opportunities need contacts';
  return null;
}

/**
 * Fills an empty store with a realistic, reproducible CRM history through the one write path
 * (documents, outbox, projection, search index), so the data is what the app would have made.
 */
export async function seedStore(deps: SeedDeps, options: SeedOptions): Promise<SeedSummary> {
  const problem = countsProblem(options.counts);
  if (problem) throw new Error(`Invalid seed counts: ${problem}`);
  if (deps.auth.userCount() > 0) throw new Error('The store already holds users; seed an empty data directory.');
  const began = performance.now();
  const end = options.now.getTime();
  const start = end - SEED_HISTORY_DAYS * DAY_MS;
  const state = emptySeedState();
  await createSeedUsers(deps, state, options.counts.user, options.seed, start);
  const streams = Object.fromEntries(STREAM_ENTITIES.map((e) => [e, options.counts[e]])) as Record<StreamEntity, number>;
  const timeline = new SeedTimeline(deps.records, deps.clock, state, streams, options.seed, start, end);
  const plannedCreates = Object.values(options.counts).reduce((a, b) => a + b, 0);
  let writes = options.counts.user;
  const progress = (): SeedProgress => ({
    created: { user: state.users.ids.length, ...timeline.created },
    updates: timeline.updates,
    writes,
    plannedCreates,
    elapsedMs: performance.now() - began,
  });
  while (!timeline.done) {
    writes += timeline.runBatch(options.batchSize ?? 5_000);
    options.onProgress?.(progress());
  }
  const summary = progress();
  return { ...summary, writesPerSecond: summary.writes / (summary.elapsedMs / 1000) };
}
