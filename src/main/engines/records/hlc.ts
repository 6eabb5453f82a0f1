import type { Clock } from '../../core/clock';

/**
 * Hybrid logical clock. Stamps are fixed-width strings that sort in causal-then-wall order:
 * `<wall ms base36, 9>.<counter base36, 4>.<node id>`. The node id breaks exact ties
 * deterministically, so every peer picks the same winner for a field.
 */
export class HybridLogicalClock {
  private wall = 0;
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    readonly nodeId: string,
  ) {}

  now(): string {
    const physical = this.clock.now().getTime();
    if (physical > this.wall) {
      this.wall = physical;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
    return formatHlc(this.wall, this.counter, this.nodeId);
  }

  /** Moves past a stamp seen from a peer, so the next local edit is ordered after it. */
  observe(stamp: string): void {
    const parsed = parseHlc(stamp);
    if (!parsed) return;
    if (parsed.wall > this.wall || (parsed.wall === this.wall && parsed.counter > this.counter)) {
      this.wall = parsed.wall;
      this.counter = parsed.counter;
    }
  }
}

export function formatHlc(wall: number, counter: number, nodeId: string): string {
  return `${wall.toString(36).padStart(9, '0')}.${counter.toString(36).padStart(4, '0')}.${nodeId}`;
}

export function parseHlc(stamp: string): { wall: number; counter: number; nodeId: string } | null {
  const m = /^([0-9a-z]{9})\.([0-9a-z]{4})\.([0-9a-z]+)$/.exec(stamp);
  if (!m) return null;
  return { wall: parseInt(m[1], 36), counter: parseInt(m[2], 36), nodeId: m[3] };
}
