import type { Clock } from '../../core/clock';

/** Keys a limiter remembers at most. */
const MAX_KEYS = 10_000;

/**
 * Counts failed attempts per key in a fixed window (sign-in: per account and per client).
 * Only failures count, so people signing in successfully never lock anyone out.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait before the key may try again, or 0. */
  blockedFor(key: string): number {
    const now = this.clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  /**
   * Takes one attempt for the key before the password is checked: false (and nothing taken)
   * when the key is at its limit. Concurrent attempts are counted as they start, so 16 wrong
   * passwords sent at once cannot all be checked against a limit of 10. A success gives the
   * attempt back through `reset`.
   */
  reserve(key: string): boolean {
    if (this.blockedFor(key) > 0) return false;
    this.fail(key);
    return true;
  }

  /** Failures counted for the key in its current window. */
  failures(key: string): number {
    const w = this.windows.get(key);
    return !w || this.clock.now().getTime() - w.start >= this.windowMs ? 0 : w.count;
  }

  /** Gives back an attempt `reserve` took that was then refused by another limit (never checked). */
  release(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  fail(key: string): void {
    const now = this.clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > MAX_KEYS) this.sweep(now);
    } else {
      w.count += 1;
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Still too many (a spray of distinct names inside one window): forget the oldest. That only
    // loosens the limit of names tried long ago, and memory stays bounded.
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}

/**
 * A token bucket of password checks (one per source in `SignInGuard`): a spray drains it and is
 * slowed to the refill rate. A successful sign-in gives its token back.
 */
export class SprayGuard {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {
    this.tokens = capacity;
    this.last = clock.now().getTime();
  }

  /** Seconds to wait, or 0 after taking a token. */
  take(): number {
    const now = this.clock.now().getTime();
    // A clock set back (a seeded or restored clock) refills nothing and takes nothing.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.max(0, Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.refillPerSecond));
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.refillPerSecond));
  }

  giveBack(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }
}
