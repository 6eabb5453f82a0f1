import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../src/main/engines/auth/rate-limiter';
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
