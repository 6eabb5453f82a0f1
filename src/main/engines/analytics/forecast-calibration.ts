import { OPEN_STAGE_COUNT, STAGE_PRIOR, WON, type DealHistory } from './deal-history';

/** Pseudo-deals of the stage default: with fewer resolved deals than this, the default weighs more. */
export const PRIOR_WEIGHT = 10;
const SES_ALPHA = 0.3;
const BOOKING_WEEKS = 26;
const DEFAULT_CYCLE_DAYS = 45;

export interface OpenDeal {
  stage: number;
  expected: number;
  amount: number;
}

/** What the team's history up to a cut-off says, and the pipeline open at that cut-off. */
export interface Calibration {
  /** Beta parameters of each open stage's win probability (history shrunk toward the default). */
  alpha: Float64Array;
  beta: Float64Array;
  /** Deals resolved (won or lost) before the cut-off: what the probabilities rest on. */
  resolved: number;
  /** Days from the expected close date (as of the last stage change) to the actual close, sorted. */
  slips: Float64Array;
  /** Days from creation to a win, sorted. */
  cycles: Float64Array;
  /** Exponentially smoothed weekly bookings and the spread of its one-week-ahead errors. */
  weeklyLevel: number;
  weeklySigma: number;
  bookingWeeks: number;
  /** Open deals' stage, expected close day and amount at the cut-off. */
  open: { stage: Uint8Array; expected: Float64Array; amount: Float64Array };
}

/**
 * Reads a history as it stood at `cutoff` (a day number): nothing after it is used, so a
 * backtest from a past cut-off is honest. `live` takes open deals' current close dates.
 */
export function calibrate(h: DealHistory, cutoff: number, live = false): Calibration {
  const visited = new Float64Array(OPEN_STAGE_COUNT);
  const won = new Float64Array(OPEN_STAGE_COUNT);
  const slips: number[] = [];
  const cycles: number[] = [];
  const weeks = new Float64Array(BOOKING_WEEKS);
  let resolved = 0;
  let firstDay = Infinity;
  const openStage: number[] = [];
  const openExpected: number[] = [];
  const openAmount: number[] = [];
  for (let i = 0; i < h.n; i++) {
    if (h.created[i] > cutoff) continue;
    if (h.created[i] < firstDay) firstDay = h.created[i];
    let last = -1;
    let seen = 0;
    let lastOpen = -1;
    for (let k = h.start[i]; k < h.start[i + 1] && h.day[k] <= cutoff; k++) {
      last = k;
      if (h.stage[k] < OPEN_STAGE_COUNT) {
        seen |= 1 << h.stage[k];
        lastOpen = k;
      }
    }
    if (last < 0) continue;
    const outcome = h.stage[last];
    if (outcome < OPEN_STAGE_COUNT) {
      openStage.push(outcome);
      openExpected.push(live && !Number.isNaN(h.expectedNow[i]) ? h.expectedNow[i] : h.expected[last]);
      openAmount.push(h.amount[i]);
      continue;
    }
    resolved++;
    for (let s = 0; s < OPEN_STAGE_COUNT; s++) {
      if (!(seen & (1 << s))) continue;
      visited[s]++;
      if (outcome === WON) won[s]++;
    }
    const closeDay = h.day[last];
    if (lastOpen >= 0 && !Number.isNaN(h.expected[lastOpen])) slips.push(closeDay - h.expected[lastOpen]);
    if (outcome === WON) {
      cycles.push(closeDay - h.created[i]);
      const week = Math.floor((cutoff - closeDay) / 7);
      if (week < BOOKING_WEEKS) weeks[week] += h.amount[i];
    }
  }
  const alpha = new Float64Array(OPEN_STAGE_COUNT);
  const beta = new Float64Array(OPEN_STAGE_COUNT);
  for (let s = 0; s < OPEN_STAGE_COUNT; s++) {
    alpha[s] = won[s] + PRIOR_WEIGHT * STAGE_PRIOR[s];
    beta[s] = visited[s] - won[s] + PRIOR_WEIGHT * (1 - STAGE_PRIOR[s]);
  }
  const lived = Number.isFinite(firstDay) ? Math.min(BOOKING_WEEKS, Math.floor((cutoff - firstDay) / 7)) : 0;
  const smoothed = smooth(weeks, lived);
  return {
    alpha,
    beta,
    resolved,
    slips: Float64Array.from(slips).sort(),
    cycles: Float64Array.from(cycles.length ? cycles : [DEFAULT_CYCLE_DAYS]).sort(),
    weeklyLevel: smoothed.level,
    weeklySigma: smoothed.sigma,
    bookingWeeks: lived,
    open: { stage: Uint8Array.from(openStage), expected: Float64Array.from(openExpected), amount: Float64Array.from(openAmount) },
  };
}

/**
 * Simple exponential smoothing over the weekly bookings (oldest first), and the root mean square of
 * its one-step errors. With no history the level is 0 and the spread unknown (0).
 */
function smooth(weeksAgo: Float64Array, lived: number): { level: number; sigma: number } {
  if (lived === 0) return { level: 0, sigma: 0 };
  const series: number[] = [];
  for (let w = lived - 1; w >= 0; w--) series.push(weeksAgo[w]);
  const warm = Math.min(4, series.length);
  let level = series.slice(0, warm).reduce((a, b) => a + b, 0) / warm;
  let sq = 0;
  let n = 0;
  for (let t = 0; t < series.length; t++) {
    if (t >= warm) {
      sq += (series[t] - level) ** 2;
      n++;
    }
    level = SES_ALPHA * series[t] + (1 - SES_ALPHA) * level;
  }
  const spread = n > 0 ? Math.sqrt(sq / n) : level;
  return { level, sigma: spread };
}

/** Share of won deals whose cycle is at most `days` (empirical distribution function). */
export function cycleShare(cycles: Float64Array, days: number): number {
  let lo = 0;
  let hi = cycles.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cycles[mid] <= days) lo = mid + 1;
    else hi = mid;
  }
  return lo / cycles.length;
}

export const SMOOTHING_ALPHA = SES_ALPHA;
