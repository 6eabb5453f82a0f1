/**
 * Hybrid logical clock stamps: `wall_ms * 1000 + counter`, a safe integer until the year 2255.
 * The counter never overflows: past 999 in one millisecond the wall time moves on by one.
 */
export const COUNTER_SPAN = 1000;

/** How far ahead of this machine's clock a peer's stamp may be; later stamps wait (parked). */
export const MAX_DRIFT_MS = 10 * 60 * 1000;

export function makeStamp(wallMs: number, counter: number): number {
  return wallMs * COUNTER_SPAN + counter;
}

export function stampWallMs(stamp: number): number {
  return Math.floor(stamp / COUNTER_SPAN);
}

export function stampTime(stamp: number): string {
  return new Date(stampWallMs(stamp)).toISOString();
}

/** A stamp this machine may accept now: an integer, after 2000, and not too far in the future. */
export function stampProblem(stamp: number, nowMs: number): 'malformed' | 'future' | null {
  if (!Number.isSafeInteger(stamp) || stamp < makeStamp(Date.UTC(2000, 0, 1), 0)) return 'malformed';
  if (stampWallMs(stamp) > nowMs + MAX_DRIFT_MS) return 'future';
  return null;
}
