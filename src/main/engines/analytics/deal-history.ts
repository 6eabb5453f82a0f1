import { STAGE_PROBABILITY, type OpportunityStage } from '../../../shared/entities/enums';

/** Stage codes of the compact history; the four open stages come first, in pipeline order. */
export const STAGE_CODES: readonly OpportunityStage[] = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
export const OPEN_STAGE_COUNT = 4;
export const WON = 4;
export const LOST = 5;
/** Stage defaults the calibration shrinks toward (the product's stage probabilities). */
export const STAGE_PRIOR = Float64Array.from(STAGE_CODES.slice(0, OPEN_STAGE_COUNT), (s) => STAGE_PROBABILITY[s] / 100);

/**
 * Every deal's stage history as typed arrays, days as fractional day numbers (ms / 86,400,000).
 * Built once per store change from one SQL read (forecast-data.ts) or by a simulation (tests);
 * the model never sees per-row objects, which is what keeps it fast on 50k deals.
 */
export interface DealHistory {
  n: number;
  created: Float64Array;
  amount: Float64Array;
  /** The deal's expected close date today (NaN when unknown), for the live forecast. */
  expectedNow: Float64Array;
  /** Offsets into the transition arrays: deal i owns [start[i], start[i + 1]). */
  start: Int32Array;
  stage: Uint8Array;
  day: Float64Array;
  /** Expected close day as of each transition (NaN when unknown). */
  expected: Float64Array;
}

/** Builds a history from per-deal transitions already in time order (tests and the loader). */
export class DealHistoryBuilder {
  private readonly created: number[] = [];
  private readonly amount: number[] = [];
  private readonly expectedNow: number[] = [];
  private readonly start: number[] = [0];
  private readonly stage: number[] = [];
  private readonly day: number[] = [];
  private readonly expected: number[] = [];

  deal(created: number, amount: number, expectedNow: number): void {
    this.created.push(created);
    this.amount.push(amount);
    this.expectedNow.push(expectedNow);
    this.start.push(this.stage.length);
  }

  /** Adds a transition to the deal added last. */
  transition(stageCode: number, day: number, expected: number): void {
    this.stage.push(stageCode);
    this.day.push(day);
    this.expected.push(expected);
    this.start[this.start.length - 1] = this.stage.length;
  }

  build(): DealHistory {
    return {
      n: this.created.length,
      created: Float64Array.from(this.created),
      amount: Float64Array.from(this.amount),
      expectedNow: Float64Array.from(this.expectedNow),
      start: Int32Array.from(this.start),
      stage: Uint8Array.from(this.stage),
      day: Float64Array.from(this.day),
      expected: Float64Array.from(this.expected),
    };
  }
}
