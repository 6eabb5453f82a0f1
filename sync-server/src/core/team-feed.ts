import type { UpdateRow } from '../store/update-store';

const RING_ROWS = 2000;

/**
 * The team's recently committed rows, contiguous by seq, so live fan-out to N connections does
 * not cost N queries. A connection further behind than the ring reads the store instead.
 */
export class TeamFeed {
  head = 0;
  private ring: UpdateRow[] = [];
  readonly committedAt = new Map<number, number>();
  private encoded = new Map<string, Uint8Array>();

  constructor(head: number) {
    this.head = head;
  }

  add(rows: UpdateRow[], now: number): void {
    for (const row of rows) {
      if (row.seq <= this.head) continue;
      // Out of order (another relay instance, later): drop the ring, readers fall back to the store.
      if (row.seq !== this.head + 1) {
        this.ring = [];
        this.committedAt.clear();
      }
      this.ring.push(row);
      this.head = row.seq;
      this.committedAt.set(row.seq, now);
    }
    if (this.ring.length > RING_ROWS) {
      for (const old of this.ring.splice(0, this.ring.length - RING_ROWS)) this.committedAt.delete(old.seq);
    }
  }

  /**
   * The encoded live frame for a seq range, built once and shared by every connection that
   * gets exactly those rows (most of them: only the writer's own rows are filtered out).
   */
  frameFor(first: number, last: number, build: () => Uint8Array): Uint8Array {
    const key = `${first}-${last}`;
    let bytes = this.encoded.get(key);
    if (!bytes) {
      if (this.encoded.size >= 32) this.encoded.clear();
      bytes = build();
      this.encoded.set(key, bytes);
    }
    return bytes;
  }

  /** Rows after `seq` if the ring still holds all of them, else undefined. */
  after(seq: number, limit: number): UpdateRow[] | undefined {
    if (seq >= this.head) return [];
    const first = this.ring[0];
    if (!first || first.seq > seq + 1) return undefined;
    const start = seq + 1 - first.seq;
    return this.ring.slice(start, start + limit);
  }
}
