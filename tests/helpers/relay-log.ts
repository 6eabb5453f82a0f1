import type { RecordsEngine } from '../../src/main/engines/records';

interface Logged {
  seq: number;
  record_id: string;
  update: Uint8Array;
  from: RecordsEngine;
}

/**
 * The relay reduced to its contract, for engine tests: a pushed outbox item is appended to one
 * commit-ordered log and acknowledged; a pull applies what a peer has not seen. The real relay
 * process is tested in tests/sync-server.
 */
export class RelayLog {
  readonly entries: Logged[] = [];
  private readonly cursors = new Map<RecordsEngine, number>();

  push(from: RecordsEngine): number {
    const items = from.outbox.since(0, 1_000_000);
    for (const item of items) this.entries.push({ seq: this.entries.length + 1, record_id: item.record_id, update: item.update, from });
    from.outbox.acknowledge(items);
    return items.length;
  }

  pull(to: RecordsEngine): void {
    const cursor = this.cursors.get(to) ?? 0;
    for (const e of this.entries.slice(cursor)) if (e.from !== to) to.applyRemoteUpdate(e.record_id, e.update);
    this.cursors.set(to, this.entries.length);
  }

  /** Push from one peer, then pull on another: what a relay does between two online installs. */
  deliver(from: RecordsEngine, to: RecordsEngine): void {
    this.push(from);
    this.pull(to);
  }
}
