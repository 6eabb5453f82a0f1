import { describe, expect, it } from 'vitest';
import { Prng } from '../../../../src/main/engines/seed/prng';
import { DealHistoryBuilder, LOST, WON, type DealHistory } from '../../../../src/main/engines/analytics/deal-history';
import { calibrate } from '../../../../src/main/engines/analytics/forecast-calibration';
import { quantiles, simulate } from '../../../../src/main/engines/analytics/forecast-simulation';

/**
 * A team whose truth is known: deals arrive at random, climb the stages with known odds and
 * random waits, and close late or early against the date they were given at creation.
 */
function simulatedTeam(seed: number, days: number, perDay: number): { history: DealHistory; wins: { day: number; amount: number }[] } {
  const r = new Prng(seed, 'team');
  const b = new DealHistoryBuilder();
  const wins: { day: number; amount: number }[] = [];
  for (let day = 0; day < days; day += -Math.log(1 - r.next()) / perDay) {
    const amount = r.logNormal(10_000, 0.8);
    const expected = day + 40;
    b.deal(day, amount, expected);
    let at = day;
    let stage = r.chance(0.7) ? 0 : 1;
    b.transition(stage, at, expected);
    for (;;) {
      at += -Math.log(1 - r.next()) * 10;
      if (stage === 3 ? r.chance(0.6) : false) {
        b.transition(WON, at, expected);
        wins.push({ day: at, amount });
        break;
      }
      if (stage === 3 || !r.chance(0.65)) {
        b.transition(LOST, at, expected);
        break;
      }
      stage++;
      b.transition(stage, at, expected);
    }
  }
  return { history: b.build(), wins };
}

function band(history: DealHistory, cutoff: number, horizon: number, seed: number) {
  const cal = calibrate(history, cutoff);
  const sim = simulate({ cal, cutoff, edges: Float64Array.of(cutoff, cutoff + horizon), draws: 400, seed });
  return quantiles(sim.total, sim.draws, sim.bins, 0);
}

describe('forecast simulation', () => {
  it('covers the known truth with its 80% band in 70-90% of simulated cut-offs', () => {
    let inside = 0;
    const cutoffs = 240;
    for (let k = 0; k < cutoffs; k++) {
      const cutoff = 300 + (k % 6) * 10;
      const horizon = 30;
      const { history, wins } = simulatedTeam(1000 + k, cutoff + horizon + 60, 0.6);
      const truth = wins.filter((w) => w.day >= cutoff && w.day < cutoff + horizon).reduce((a, w) => a + w.amount, 0);
      const [low, , high] = band(history, cutoff, horizon, k);
      if (truth >= low && truth <= high) inside++;
    }
    const coverage = inside / cutoffs;
    expect(coverage).toBeGreaterThanOrEqual(0.7);
    expect(coverage).toBeLessThanOrEqual(0.9);
  });

  it('gives the same band for the same data and seed, ordered low <= median <= high', () => {
    const { history } = simulatedTeam(7, 400, 0.6);
    const a = band(history, 380, 30, 1);
    expect(band(history, 380, 30, 1)).toEqual(a);
    expect(a[0]).toBeLessThanOrEqual(a[1]);
    expect(a[1]).toBeLessThanOrEqual(a[2]);
  });

  it('widens the band when the same pipeline rests on less history', () => {
    const { history } = simulatedTeam(11, 700, 0.6);
    const cutoff = 690;
    const long = calibrate(history, cutoff);
    const short = { ...long, alpha: long.alpha.map((a, s) => (a / (a + long.beta[s])) * 10), beta: long.beta.map((b, s) => (b / (long.alpha[s] + b)) * 10) };
    const width = (cal: typeof long) => {
      const sim = simulate({ cal: { ...cal, weeklyLevel: 0, weeklySigma: 0 }, cutoff, edges: Float64Array.of(cutoff, cutoff + 60), draws: 1000, seed: 3 });
      const [lo, , hi] = quantiles(sim.pipeline, sim.draws, sim.bins, 0);
      return hi - lo;
    };
    expect(width(short)).toBeGreaterThan(width(long));
  });
});
