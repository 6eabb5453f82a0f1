import { describe, expect, it } from 'vitest';
import { RateLimiter, SprayGuard } from '../../../../src/main/engines/auth/rate-limiter';
import { ManualClock } from '../../../helpers/manual-clock';

describe('sign-in rate limiter', () => {
  it('blocks a key after the limit of failures until the window ends', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor('ada')).toBe(0);
      limiter.fail('ada');
    }
    expect(limiter.blockedFor('ada')).toBe(60);
    expect(limiter.blockedFor('bob')).toBe(0);
    clock.advance(45_000);
    expect(limiter.blockedFor('ada')).toBe(15);
    clock.advance(15_000);
    expect(limiter.blockedFor('ada')).toBe(0);
  });

  it('forgets failures on reset (a successful sign-in)', () => {
    const limiter = new RateLimiter(new ManualClock(), 2, 60_000);
    limiter.fail('ada');
    limiter.fail('ada');
    limiter.reset('ada');
    expect(limiter.blockedFor('ada')).toBe(0);
  });
});

describe('spray guard', () => {
  it('slows past its capacity, refills with time, and a success gives its token back', () => {
    const clock = new ManualClock();
    const guard = new SprayGuard(clock, 3, 1);
    expect([guard.take(), guard.take(), guard.take()]).toEqual([0, 0, 0]);
    expect(guard.take()).toBe(1);
    guard.giveBack();
    expect(guard.take()).toBe(0);
    clock.advance(2_000);
    expect([guard.take(), guard.take(), guard.take()]).toEqual([0, 0, 1]);
  });

  it('a clock set back neither drains nor locks it', () => {
    const clock = new ManualClock();
    const guard = new SprayGuard(clock, 2, 1);
    clock.advance(-3_600_000);
    expect([guard.take(), guard.take()]).toEqual([0, 0]);
    expect(guard.take()).toBe(1);
  });

  it('reserve counts an attempt before it is checked', () => {
    const limiter = new RateLimiter(new ManualClock(), 2, 60_000);
    expect([limiter.reserve('ada'), limiter.reserve('ada'), limiter.reserve('ada')]).toEqual([true, true, false]);
    limiter.reset('ada');
    expect(limiter.reserve('ada')).toBe(true);
  });
});

describe('rate limiter: counting and giving back', () => {
  it('release gives back a reserved attempt that was never checked', () => {
    const limiter = new RateLimiter(new ManualClock(), 2, 60_000);
    expect(limiter.reserve('ada')).toBe(true);
    expect(limiter.failures('ada')).toBe(1);
    limiter.release('ada');
    expect(limiter.failures('ada')).toBe(0);
  });
});
