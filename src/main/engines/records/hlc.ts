import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { COUNTER_SPAN, makeStamp, stampWallMs } from '../../../shared/record-doc/stamps';

/**
 * Hybrid logical clock of this install. Its value is written in the same transaction as every
 * write that used or observed a stamp, so a restart never stamps below what the store holds
 * (an edit after a restart must still beat the values it overwrites).
 */
export class HybridLogicalClock {
  private last: number;
  private readonly save;

  constructor(
    private readonly clock: Clock,
    db: Db,
  ) {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'hlc'").get() as { value: string } | undefined;
    this.last = row ? Number(row.value) || 0 : 0;
    this.save = db.prepare("INSERT INTO settings (key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  /** A stamp greater than every stamp issued or observed, and than `floor`. */
  next(floor = 0): number {
    const physical = makeStamp(this.clock.now().getTime(), 0);
    this.last = Math.max(physical, this.last + 1, floor + 1);
    // Past COUNTER_SPAN stamps in one millisecond the wall part moves on: no overflow.
    return this.last;
  }

  /** Moves past a stamp seen from a peer (already checked against the drift bound). */
  observe(stamp: number): void {
    if (stamp > this.last) this.last = stamp;
  }

  /** Call inside the transaction that used the clock. */
  persist(): void {
    this.save.run(String(this.last));
  }

  wallOf(stamp: number): number {
    return stampWallMs(stamp);
  }
}

export { COUNTER_SPAN };
