import type { Clock } from '../../core/clock';

/**
 * The clock the store is built with: the generator moves it through the generated history,
 * so the write path stamps `created_at`/`updated_at` (and audit times) as they would have been.
 */
export class SeedClock implements Clock {
  constructor(private ms: number = Date.now()) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
