import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../../src/main/core/job-runner';

describe('JobRunner', () => {
  it('runs a job at start unless told not to, and on demand', async () => {
    const runs: string[] = [];
    const runner = new JobRunner();
    runner.add({ name: 'a', everyMs: 60_000, run: () => runs.push('a') });
    runner.add({ name: 'b', everyMs: 60_000, run: () => runs.push('b'), runAtStart: false });
    runner.start();
    await runner.runNow('b');
    runner.stop();
    expect(runs).toEqual(['a', 'b']);
  });

  it('never runs one job twice at once: a call while it runs is skipped', async () => {
    let release: () => void = () => {};
    let runs = 0;
    const runner = new JobRunner();
    runner.add({
      name: 'slow',
      everyMs: 60_000,
      runAtStart: false,
      run: () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
    });
    const first = runner.runNow('slow');
    await runner.runNow('slow');
    release();
    await first;
    expect(runs).toBe(1);
  });

  it('reports a failing job and keeps it', async () => {
    const errors: string[] = [];
    let calls = 0;
    const runner = new JobRunner((job, e) => errors.push(`${job}: ${(e as Error).message}`));
    runner.add({
      name: 'flaky',
      everyMs: 60_000,
      runAtStart: false,
      run: () => {
        calls++;
        throw new Error('boom');
      },
    });
    await runner.runNow('flaky');
    await runner.runNow('flaky');
    expect(calls).toBe(2);
    expect(errors).toEqual(['flaky: boom', 'flaky: boom']);
  });

  it('refuses a second job of the same name and a non-positive interval', () => {
    const runner = new JobRunner();
    runner.add({ name: 'x', everyMs: 1, run: () => {} });
    expect(() => runner.add({ name: 'x', everyMs: 1, run: () => {} })).toThrow(/Duplicate job name/);
    expect(() => runner.add({ name: 'y', everyMs: 0, run: () => {} })).toThrow(/positive interval/);
  });
});
