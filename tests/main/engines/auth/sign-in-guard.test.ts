import { describe, expect, it } from 'vitest';
import { SignInGuard } from '../../../../src/main/engines/auth/sign-in-guard';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';

const options = { accountAttempts: 3, windowMs: 60_000, sourceBurst: 4, sourceRefillPerSecond: 1 };

function refusal(run: () => unknown): AppError | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  return undefined;
}

describe('sign-in guard', () => {
  it('a name that matches no account is limited as an account is, and alone', () => {
    const clock = new ManualClock();
    const guard = new SignInGuard(clock, options);
    // Same answers for a real account and an unknown name: nothing tells which one exists.
    for (let i = 0; i < 3; i++) {
      expect(refusal(() => guard.begin('ada', 'a'))).toBeUndefined();
      expect(refusal(() => guard.begin(null, 'b', 'Nobody'))).toBeUndefined();
    }
    expect(refusal(() => guard.begin('ada', 'a'))?.code).toBe('rate_limited');
    expect(refusal(() => guard.begin(null, 'b', 'nobody'))?.code).toBe('rate_limited');
    // Other names, known or not, are not touched by those counters.
    expect(refusal(() => guard.begin(null, 'c', 'someone-else'))).toBeUndefined();
    expect(refusal(() => guard.begin('bob', 'c'))).toBeUndefined();
  });

  it('an emptied source still lets one attempt through for an account with no failure', () => {
    const clock = new ManualClock();
    const guard = new SignInGuard(clock, options);
    for (let i = 0; i < 3; i++) guard.begin('ada', 'src');
    guard.begin('bob', 'src');
    // The source is empty: bob has failed once, so bob waits; cal has not, so cal is checked once.
    expect(refusal(() => guard.begin('bob', 'src'))?.retryAfterSeconds).toBe(1);
    expect(refusal(() => guard.begin('cal', 'src'))).toBeUndefined();
    expect(refusal(() => guard.begin('cal', 'src'))?.code).toBe('rate_limited');
    // Another source is not slowed by this one.
    expect(refusal(() => guard.begin('bob', 'other'))).toBeUndefined();
    clock.advance(1_000);
    expect(refusal(() => guard.begin('bob', 'src'))).toBeUndefined();
  });

  it('a refused attempt is not counted against the account, and a success gives everything back', () => {
    const guard = new SignInGuard(new ManualClock(), options);
    for (let i = 0; i < 4; i++) guard.begin(`u${i}`, 'src');
    const first = guard.begin('ada', 'src');
    expect(refusal(() => guard.begin('ada', 'src'))?.code).toBe('rate_limited');
    guard.succeeded(first);
    // ada's single failure was forgiven; the source stays empty (the fresh pass took no token).
    expect(refusal(() => guard.begin('ada', 'src'))).toBeUndefined();
  });
});
