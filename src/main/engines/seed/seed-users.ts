import type { Db } from '../../db/open-database';
import { hashPassword, type AuthEngine } from '../auth';
import type { RecordsEngine } from '../records';
import type { UserRole } from '../../../shared/entities/enums';
import { Prng } from './prng';
import type { SeedClock } from './seed-clock';
import { personName, uniqueEmail } from './record-bodies';
import { DEPARTMENTS } from './word-lists';
import type { SeedState } from './seed-state';

/** The sign-in the generated store always has (bench and UI tests use it). */
export const SEED_ADMIN = { username: 'admin', email: 'admin@example.com', password: 'admin-password-1' } as const;
/** Every other generated user signs in with its username and this password. */
export const SEED_USER_PASSWORD = 'user-password-1';

const SELLING_ROLES: readonly UserRole[] = ['admin', 'manager', 'sales_rep'];

/**
 * The team: the admin, a manager, then a mix of roles mostly in sales. Only the admin is
 * hashed through the auth engine; the others share one hash (scrypt costs ~80 ms each).
 */
export async function createSeedUsers(
  deps: { db: Db; auth: AuthEngine; records: RecordsEngine; clock: SeedClock },
  state: SeedState,
  count: number,
  seed: number,
  startMs: number,
): Promise<void> {
  const r = new Prng(seed, 'user');
  const hourMs = 3_600_000;
  deps.clock.set(startMs - count * hourMs);
  const admin = await deps.auth.createUser(
    { ...SEED_ADMIN, role: 'admin', first_name: 'Alex', last_name: 'Admin', department: 'Executive' },
    { actor: null, origin: 'system' },
  );
  state.users.ids.push(admin.id as string);
  state.users.sellers.push(0);
  state.emailCounts.set(SEED_ADMIN.email, 1);
  if (count <= 1) return;
  const hash = await hashPassword(SEED_USER_PASSWORD);
  const putCredentials = deps.db.prepare('INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?, ?, ?)');
  const usernames = new Set<string>([SEED_ADMIN.username]);
  deps.records.transaction(() => {
    for (let i = 1; i < count; i++) {
      deps.clock.set(startMs - (count - i) * hourMs);
      const role: UserRole =
        i === 1
          ? 'manager'
          : i === 2
            ? 'sales_rep'
            : r.weighted([
                ['sales_rep', 60],
                ['manager', 10],
                ['marketing', 10],
                ['customer_support', 12],
                ['viewer', 8],
              ] as const);
      const { first, last } = personName(r);
      let username = `${first}.${last}`.toLowerCase();
      for (let n = 2; usernames.has(username); n++) username = `${first}.${last}${n}`.toLowerCase();
      usernames.add(username);
      const user = deps.records.create(
        'user',
        {
          username,
          email: uniqueEmail(state, `${first}.${last}`, 'example.com'),
          first_name: first,
          last_name: last,
          role,
          department: role === 'marketing' ? 'Marketing' : role === 'customer_support' ? 'Support' : r.pick(DEPARTMENTS),
          timezone: r.pick(['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Europe/London']),
        },
        { actor: admin.id as string, origin: 'import' },
      );
      putCredentials.run(user.id, hash, deps.clock.now().toISOString());
      state.users.ids.push(user.id as string);
      if (SELLING_ROLES.includes(role)) state.users.sellers.push(i);
    }
  });
}
