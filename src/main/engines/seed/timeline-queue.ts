/** Something that happens at a point of the generated history. */
export interface TimelineEvent {
  at: number;
  /** Breaks ties at the same instant: creates in dependency order, follow-ups after them. */
  order: number;
  seq: number;
  run: () => void;
}

function before(a: TimelineEvent, b: TimelineEvent): boolean {
  return a.at !== b.at ? a.at < b.at : a.order !== b.order ? a.order < b.order : a.seq < b.seq;
}

/** Binary min-heap of events by time; the generator replays history in this order. */
export class TimelineQueue {
  private readonly heap: TimelineEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, order: number, run: () => void): void {
    const h = this.heap;
    h.push({ at, order, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): TimelineEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
