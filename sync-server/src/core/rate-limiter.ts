/** A token bucket: `rate` tokens per second, at most `burst` saved up. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(amount: number, now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

export interface FloodLimits {
  framesPerSecond: number;
  frameBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  framesPerSecond: 200,
  frameBurst: 400,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 8 * 1024 * 1024,
};

/** Per-connection frame and byte budget. */
export class FloodGuard {
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: FloodLimits, now: number) {
    this.frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
  }

  allow(frameBytes: number, now: number): boolean {
    return this.frames.take(1, now) && this.bytes.take(frameBytes, now);
  }
}

/** Keyed buckets for HTTP endpoints that check passwords (per client address). */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  allow(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 10_000) this.buckets.clear();
      b = new TokenBucket(this.rate, this.burst, now);
      this.buckets.set(key, b);
    }
    return b.take(1, now);
  }
}
