import type { Clock } from '../../core/clock';
import { AppError } from '../../../shared/errors';
import { RateLimiter, SprayGuard } from './rate-limiter';

export interface SignInGuardOptions {
  /** Failed attempts per account (its username and email are one account) in the window. */
  accountAttempts: number;
  windowMs: number;
  /** Failures one source may make at once before it is slowed, and how fast that refills. */
  sourceBurst: number;
  sourceRefillPerSecond: number;
}

export const SIGN_IN_DEFAULTS: SignInGuardOptions = {
  accountAttempts: 10,
  windowMs: 5 * 60_000,
  sourceBurst: 20,
  sourceRefillPerSecond: 0.2,
};

/** What the guard lets through: settle it with `succeeded` or leave it counted as a failure. */
export interface SignInTicket {
  readonly accountKey: string;
  readonly sourceKey: string;
  readonly tookSourceToken: boolean;
}

const limited = (message: string, wait: number) => new AppError('rate_limited', message, undefined, wait);

/**
 * The sign-in limits, taken before the password is checked so concurrent attempts count as
 * they start (16 wrong passwords at once against a limit of 10: 10 are checked).
 *
 * - Per account: the account's username and email share one counter. A name that matches no
 *   account gets a counter of its own under the same rules, so the answers (401 or 429) never
 *   tell a name that exists from one that does not, and a spray of random names fills no real
 *   account's counter.
 * - Per source (the client address; every local caller is 127.0.0.1): a bucket of failures that
 *   slows a spray. An empty bucket still lets an attempt through for an account with no failure
 *   in its window, so a spray never locks out an owner who types the right password; a sprayer
 *   gets one guess per account per window once the bucket is empty, instead of the account's ten.
 *
 * Only failures cost: a success gives its attempt back to the account and to the source.
 */
export class SignInGuard {
  private readonly accounts: RateLimiter;
  private readonly sources = new Map<string, SprayGuard>();

  constructor(
    private readonly clock: Clock,
    private readonly options: SignInGuardOptions = SIGN_IN_DEFAULTS,
  ) {
    this.accounts = new RateLimiter(clock, options.accountAttempts, options.windowMs);
  }

  /**
   * `accountId` null: `identifier` (the username or email typed) matched no account.
   * Throws a 429 when the attempt must wait.
   */
  begin(accountId: string | null, sourceKey: string, identifier = ''): SignInTicket {
    const accountKey = accountId ? `account:${accountId}` : `name:${identifier.toLowerCase()}`;
    // Not under attack: no failure in the current window (read before this attempt is counted).
    const fresh = this.accounts.failures(accountKey) === 0;
    if (!this.accounts.reserve(accountKey)) {
      const wait = this.accounts.blockedFor(accountKey);
      throw limited(`Too many failed sign-in attempts. Try again in ${wait} seconds.`, wait);
    }
    const sourceWait = this.source(sourceKey).take();
    if (sourceWait === 0) return { accountKey, sourceKey, tookSourceToken: true };
    if (fresh) return { accountKey, sourceKey, tookSourceToken: false };
    this.accounts.release(accountKey);
    throw limited(`Too many failed sign-in attempts from this address. Try again in ${sourceWait} seconds.`, sourceWait);
  }

  /** The right password: the attempt is given back to the account and to the source. */
  succeeded(ticket: SignInTicket): void {
    this.accounts.reset(ticket.accountKey);
    if (ticket.tookSourceToken) this.source(ticket.sourceKey).giveBack();
  }

  private source(key: string): SprayGuard {
    let guard = this.sources.get(key);
    if (!guard) {
      // Sources are few (loopback, a LAN); a flood of addresses is bounded by forgetting them all.
      if (this.sources.size >= 10_000) this.sources.clear();
      guard = new SprayGuard(this.clock, this.options.sourceBurst, this.options.sourceRefillPerSecond);
      this.sources.set(key, guard);
    }
    return guard;
  }
}
