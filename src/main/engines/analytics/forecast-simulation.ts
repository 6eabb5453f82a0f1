import { Prng } from '../seed';
import { OPEN_STAGE_COUNT } from './deal-history';
import { cycleShare, SMOOTHING_ALPHA, type Calibration } from './forecast-calibration';

/** A deal overdue by more than this beyond the team's worst usual slip is stale: left out, counted. */
const STALE_MARGIN_DAYS = 30;
/** An overdue deal whose drawn slips all land in the past closes within this many days. */
const OVERDUE_SPREAD_DAYS = 30;

export interface SimulationInput {
  cal: Calibration;
  /** The cut-off (day number): the simulation covers what happens after it. */
  cutoff: number;
  /** Bin b covers [edges[b], edges[b + 1]) in day numbers; bins before the cut-off get nothing. */
  edges: Float64Array;
  draws: number;
  seed: number;
}

export interface SimulationResult {
  draws: number;
  bins: number;
  /** Cumulative bookings per draw and bin (draw-major), each component and their sum. */
  pipeline: Float64Array;
  runRate: Float64Array;
  total: Float64Array;
  staleDeals: number;
  simulatedDeals: number;
}

/**
 * Monte Carlo of the bookings after a cut-off. Each draw takes a win probability per stage
 * from its Beta (thin history gives a wide Beta, so a wide band), wins each open deal with it,
 * moves its close date by a slip drawn from the team's own slips, and adds bookings from deals
 * not yet created: the smoothed weekly bookings times the share of wins whose cycle is shorter
 * than the time since the cut-off, with the smoothing's error spread.
 */
export function simulate(input: SimulationInput): SimulationResult {
  const { cal, cutoff, edges, draws } = input;
  const bins = edges.length - 1;
  const rng = new Prng(input.seed, 'forecast');
  const slips = cal.slips.length ? cal.slips : Float64Array.of(0);
  const worstSlip = slips[Math.min(slips.length - 1, Math.floor(slips.length * 0.95))];
  const last = edges[bins];

  const { stage, expected, amount } = cal.open;
  const keep: number[] = [];
  for (let i = 0; i < stage.length; i++) if (cutoff - expected[i] <= Math.max(0, worstSlip) + STALE_MARGIN_DAYS) keep.push(i);
  const dStage = Uint8Array.from(keep, (i) => stage[i]);
  const dExpected = Float64Array.from(keep, (i) => expected[i]);
  const dAmount = Float64Array.from(keep, (i) => amount[i]);

  // Run rate: expected new-deal bookings per bin and the spread of one week's bookings.
  const rrDays = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    for (let d = Math.max(edges[b], cutoff); d < edges[b + 1]; d++) rrDays[b] += cycleShare(cal.cycles, d + 0.5 - cutoff);
  }
  const dailyLevel = cal.weeklyLevel / 7;
  // The smoothed level's own uncertainty (SES: sigma * sqrt(alpha / (2 - alpha))), per day.
  const levelSigma = (cal.weeklySigma * Math.sqrt(SMOOTHING_ALPHA / (2 - SMOOTHING_ALPHA))) / 7;

  const pipeline = new Float64Array(draws * bins);
  const runRate = new Float64Array(draws * bins);
  const total = new Float64Array(draws * bins);
  const p = new Float64Array(OPEN_STAGE_COUNT);
  for (let r = 0; r < draws; r++) {
    for (let s = 0; s < OPEN_STAGE_COUNT; s++) p[s] = betaSample(rng, cal.alpha[s], cal.beta[s]);
    const row = r * bins;
    for (let i = 0; i < dStage.length; i++) {
      if (rng.next() >= p[dStage[i]]) continue;
      let close = dExpected[i] + slips[(rng.next() * slips.length) | 0];
      for (let tries = 0; close < cutoff && tries < 4; tries++) close = dExpected[i] + slips[(rng.next() * slips.length) | 0];
      if (close < cutoff) close = cutoff + rng.next() * OVERDUE_SPREAD_DAYS;
      if (close >= last) continue;
      const b = binOf(edges, close);
      if (b >= 0) pipeline[row + b] += dAmount[i];
    }
    const level = Math.max(0, dailyLevel + levelSigma * rng.normal());
    for (let b = 0; b < bins; b++) {
      if (rrDays[b] === 0) continue;
      const noise = cal.weeklySigma * Math.sqrt(rrDays[b] / 7) * rng.normal();
      runRate[row + b] = Math.max(0, level * rrDays[b] + noise);
    }
    for (let b = 0; b < bins; b++) {
      if (b > 0) {
        pipeline[row + b] += pipeline[row + b - 1];
        runRate[row + b] += runRate[row + b - 1];
      }
      total[row + b] = pipeline[row + b] + runRate[row + b];
    }
  }
  return { draws, bins, pipeline, runRate, total, staleDeals: stage.length - keep.length, simulatedDeals: keep.length };
}

function binOf(edges: Float64Array, day: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  if (day < edges[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo < edges.length - 1 ? lo : -1;
}

/**
 * P10, P50 and P90 of one bin across draws, by selection rather than a sort (a forecast asks
 * this for every period of three series: sorting each column was most of its time).
 */
export function quantiles(values: Float64Array, draws: number, bins: number, b: number): [number, number, number] {
  const column = new Float64Array(draws);
  for (let r = 0; r < draws; r++) column[r] = values[r * bins + b];
  const k = (q: number) => Math.min(draws - 1, Math.floor(q * draws));
  const mid = select(column, 0, draws - 1, k(0.5));
  const low = select(column, 0, k(0.5), k(0.1));
  const high = select(column, k(0.5), draws - 1, k(0.9));
  return [low, mid, high];
}

/** The k-th smallest of a[lo..hi] (Hoare's quickselect); leaves smaller values left of k, larger right. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Beta(a, b) from two gammas (Marsaglia and Tsang). */
function betaSample(rng: Prng, a: number, b: number): number {
  const x = gammaSample(rng, a);
  const y = gammaSample(rng, b);
  return x + y > 0 ? x / (x + y) : 0;
}

function gammaSample(rng: Prng, shape: number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
