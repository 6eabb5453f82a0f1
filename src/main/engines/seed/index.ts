export {
  seedStore,
  startOfUtcDay,
  countsProblem,
  SEED_TIERS,
  SEED_HISTORY_DAYS,
  type SeedCounts,
  type SeedDeps,
  type SeedEntity,
  type SeedOptions,
  type SeedProgress,
  type SeedSummary,
  type SeedTier,
} from './seed-generator';
export { SeedClock } from './seed-clock';
export { SEED_ADMIN, SEED_USER_PASSWORD } from './seed-users';
export { Prng } from './prng';
