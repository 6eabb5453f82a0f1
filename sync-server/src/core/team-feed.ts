import type { UpdateRow } from '../store/update-store';

const RING_ROWS = 2000;

/**
 * The team's recently committed rows, contiguous by seq, so live fan-out to N connections does
 * not cost N queries. A connection further behind than the ring reads the store instead.
 */
export class TeamFeed {
  head = 0;
  private ring: UpdateRow[] = [];
  private readonly pending = new Map<number, UpdateRow>();
  /** The highest seq known to be committed (heard of, or seen past a gap). */
  private target = 0;
  readonly committedAt = new Map<number, number>();
  private encoded = new Map<string, Uint8Array>();

  constructor(head: number) {
    this.head = head;
  }

  /**
   * Takes committed rows into the ring, which stays contiguous by seq. A row past a gap (a commit
   * of another instance not read yet, or two commits here finishing out of order) waits in
   * `pending` until the rows before it arrive: `needsRead()` says a store read should fill it.
   * `complete` rows come from such a read, `since(head)`: everything that exists after the head,
   * so a hole in them is a compacted-away seq and is stepped over.
   */
  add(rows: UpdateRow[], now: number, complete = false): void {
    for (const row of rows) {
      if (row.seq <= this.head) continue;
      if (row.seq !== this.head + 1) {
        if (!complete) {
          this.pending.set(row.seq, row);
          this.target = Math.max(this.target, row.seq);
          continue;
        }
        // A compacted hole: readers past it cannot use the ring's numbering, they read the store.
        this.ring = [];
        this.committedAt.clear();
      }
      this.append(row, now);
      for (let next = this.pending.get(this.head + 1); next; next = this.pending.get(this.head + 1)) {
        this.pending.delete(next.seq);
        this.append(next, now);
      }
    }
    for (const seq of this.pending.keys()) if (seq <= this.head) this.pending.delete(seq);
    // Bounded while the store is away: the read that fills the gap brings these rows again.
    if (this.pending.size > RING_ROWS) this.pending.clear();
    if (this.ring.length > RING_ROWS) {
      for (const old of this.ring.splice(0, this.ring.length - RING_ROWS)) this.committedAt.delete(old.seq);
    }
  }

  /** A commit up to `seq` exists (a notification from another instance). */
  expect(seq: number): void {
    this.target = Math.max(this.target, seq);
  }

  /** Rows committed after the head are known to exist and must be read from the store. */
  needsRead(): boolean {
    return this.target > this.head;
  }

  private append(row: UpdateRow, now: number): void {
    this.ring.push(row);
    this.head = row.seq;
    this.committedAt.set(row.seq, now);
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
