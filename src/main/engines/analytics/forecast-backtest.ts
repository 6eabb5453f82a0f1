import { WON, type DealHistory } from './deal-history';
import { calibrate } from './forecast-calibration';
import { quantiles, simulate } from './forecast-simulation';

const MAX_CUTOFFS = 12;
/** A cut-off needs this much history before it to calibrate on. */
const MIN_HISTORY_DAYS = 90;
const DRAWS = 200;

export interface Backtest {
  method: 'backtest';
  /** Share of past cut-offs whose actual bookings fell inside the 80% band (null without cut-offs). */
  band_coverage: number | null;
  /** Mean absolute percentage error of the median, over cut-offs with bookings (null without any). */
  mape: number | null;
  cutoffs: number;
  horizon_days: number;
}

/**
 * The same method run from past cut-offs, each seeing only what was known then, compared with
 * the bookings that followed within the same horizon as the forecast asked for.
 */
export function backtest(h: DealHistory, now: number, horizonDays: number, seed: number): Backtest {
  let first = Infinity;
  for (let i = 0; i < h.n; i++) first = Math.min(first, h.created[i]);
  let inside = 0;
  let cutoffs = 0;
  let errorSum = 0;
  let errorCount = 0;
  for (let k = 1; k <= MAX_CUTOFFS; k++) {
    const cutoff = now - k * horizonDays;
    if (cutoff - first < MIN_HISTORY_DAYS) break;
    const sim = simulate({ cal: calibrate(h, cutoff), cutoff, edges: Float64Array.of(cutoff, cutoff + horizonDays), draws: DRAWS, seed: seed + k });
    const [low, mid, high] = quantiles(sim.total, sim.draws, sim.bins, 0);
    const actual = wonBetween(h, cutoff, cutoff + horizonDays);
    cutoffs++;
    if (actual >= low && actual <= high) inside++;
    if (actual > 0) {
      errorSum += Math.abs(actual - mid) / actual;
      errorCount++;
    }
  }
  return {
    method: 'backtest',
    band_coverage: cutoffs ? inside / cutoffs : null,
    mape: errorCount ? errorSum / errorCount : null,
    cutoffs,
    horizon_days: horizonDays,
  };
}

/** Amount of the deals won in [from, to) (day numbers). */
export function wonBetween(h: DealHistory, from: number, to: number): number {
  let sum = 0;
  for (let k = 0; k < h.stage.length; k++) {
    if (h.stage[k] === WON && h.day[k] >= from && h.day[k] < to) sum += h.amount[dealOf(h, k)];
  }
  return sum;
}

function dealOf(h: DealHistory, transition: number): number {
  let lo = 0;
  let hi = h.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (h.start[mid] <= transition) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
