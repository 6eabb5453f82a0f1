import type { DealHistory } from './deal-history';
import { calibrate } from './forecast-calibration';
import { quantiles, simulate } from './forecast-simulation';
import { wonBetween, type Backtest } from './forecast-backtest';
import { DAY_MS, isoDate, periodLabel, round, type Period } from './periods';

export const FORECAST_SEED = 20_240_201;
/**
 * Enough draws for stable P10/P90 on a small pipeline; fewer on a big one (budget: 100 ms).
 * A big pipeline is a sum of many deals, so its quantiles settle with fewer draws: 300 draws
 * put P10 within about 2 percentile points.
 */
const DRAW_BUDGET = 2_000_000;
const MIN_DRAWS = 300;
const MAX_DRAWS = 2_000;
/** Below these the response says the history is thin. */
const MIN_RESOLVED = 30;
const MIN_WEEKS = 12;
const TREND_BAND = 0.1;

export interface ForecastRequest {
  /** Period starts (ms) and the end of the last one. */
  starts: number[];
  end: number;
  period: Period;
  now: number;
}

/** The forecast of bookings (won amounts) over the requested periods; see the README. */
export function forecast(h: DealHistory, req: ForecastRequest, accuracy: (horizonDays: number) => Backtest) {
  const now = req.now / DAY_MS;
  const edges = Float64Array.from([...req.starts, req.end], (ms) => ms / DAY_MS);
  const bins = edges.length - 1;
  const cal = calibrate(h, now, true);
  const draws = Math.max(MIN_DRAWS, Math.min(MAX_DRAWS, Math.floor(DRAW_BUDGET / Math.max(1, cal.open.stage.length))));
  const sim = simulate({ cal, cutoff: now, edges, draws, seed: FORECAST_SEED });

  const actual = new Float64Array(bins);
  for (let b = 0; b < bins; b++) actual[b] = (b > 0 ? actual[b - 1] : 0) + wonBetween(h, edges[b], Math.min(edges[b + 1], now));
  const rows = [];
  for (let b = 0; b < bins; b++) {
    const [low, mid, high] = quantiles(sim.total, draws, bins, b);
    const pipeline = quantiles(sim.pipeline, draws, bins, b);
    const runRate = quantiles(sim.runRate, draws, bins, b);
    rows.push({
      date: periodLabel(req.period, req.starts[b]),
      predicted_value: round(actual[b] + mid),
      confidence_low: round(actual[b] + low),
      confidence_high: round(actual[b] + high),
      closed_to_date: edges[b] <= now ? round(actual[b]) : null,
      pipeline: round(pipeline[1]),
      run_rate: round(runRate[1]),
    });
  }
  const lastBin = bins - 1;
  const [pLow, pMid, pHigh] = quantiles(sim.pipeline, draws, bins, lastBin);
  const [rLow, rMid, rHigh] = quantiles(sim.runRate, draws, bins, lastBin);
  const test = accuracy(backtestHorizon(edges[bins] - Math.max(now, edges[0])));
  const sufficient = cal.resolved >= MIN_RESOLVED && cal.bookingWeeks >= MIN_WEEKS;
  return {
    forecast: rows,
    model_accuracy: test.band_coverage === null ? null : round(test.band_coverage, 3),
    accuracy: {
      ...test,
      band_coverage: test.band_coverage === null ? null : round(test.band_coverage, 3),
      mape: test.mape === null ? null : round(test.mape, 3),
      measure: 'band_coverage',
    },
    trend: trend(h, edges, rows.at(-1)?.predicted_value ?? 0),
    period: req.period,
    start_date: isoDate(req.starts[0]),
    end_date: isoDate(req.end - DAY_MS),
    closed_to_date: round(actual[lastBin] ?? 0),
    based_on_closed_deals: cal.resolved,
    data_sufficiency: {
      sufficient,
      resolved_deals: cal.resolved,
      booking_weeks: cal.bookingWeeks,
      message: sufficient
        ? "Enough history: win odds and slips are the team's own."
        : `Thin history (${cal.resolved} closed deals, ${cal.bookingWeeks} weeks of bookings; ${MIN_RESOLVED} and ${MIN_WEEKS} wanted): win odds lean on the stage defaults and the band is wide.`,
    },
    components: {
      pipeline: {
        predicted_value: round(pMid),
        confidence_low: round(pLow),
        confidence_high: round(pHigh),
        open_deals: sim.simulatedDeals,
        stale_deals_excluded: sim.staleDeals,
      },
      run_rate: {
        predicted_value: round(rMid),
        confidence_low: round(rLow),
        confidence_high: round(rHigh),
        weekly_level: round(cal.weeklyLevel),
        weekly_sigma: round(cal.weeklySigma),
      },
    },
    win_probability: Object.fromEntries(
      ['prospecting', 'qualification', 'proposal', 'negotiation'].map((s, i) => [s, round(cal.alpha[i] / (cal.alpha[i] + cal.beta[i]), 3)]),
    ),
    simulation: { draws, seed: FORECAST_SEED },
  };
}

/**
 * The backtest runs at the rung of this ladder nearest the forecast's horizon, so forecasts of
 * similar length share one backtest (it is the costly part) and say which horizon it used.
 */
const BACKTEST_HORIZONS = [7, 14, 30, 60, 90, 180, 365];

function backtestHorizon(days: number): number {
  return BACKTEST_HORIZONS.reduce((best, h) => (Math.abs(h - days) < Math.abs(best - days) ? h : best));
}

/** Daily bookings the window is heading for against the same span just before it. */
function trend(h: DealHistory, edges: Float64Array, predicted: number): 'upward' | 'downward' | 'flat' {
  const span = edges[edges.length - 1] - edges[0];
  const before = wonBetween(h, edges[0] - span, edges[0]);
  if (before === 0 && predicted === 0) return 'flat';
  const ratio = predicted / Math.max(before, 1e-9);
  if (ratio > 1 + TREND_BAND) return 'upward';
  if (ratio < 1 - TREND_BAND) return 'downward';
  return 'flat';
}
