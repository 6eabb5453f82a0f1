import * as Y from 'yjs';
import type { Db } from '../../db/open-database';

export interface OutboxItem {
  /** Cursor: items come in seq order; a record edited again gets a new seq. */
  seq: number;
  record_id: string;
  entity: string;
  /** What the relay does not have yet: the document's state minus what it acknowledged. */
  update: Uint8Array;
  /** State vector the update brings the relay to; hand it back in `acknowledge`. */
  state_vector: Uint8Array;
}

/** Per-client maximum of two state vectors. */
export function mergeStateVectors(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (!a || a.byteLength === 0) return b;
  const merged = Y.decodeStateVector(a);
  for (const [client, clock] of Y.decodeStateVector(b)) merged.set(client, Math.max(merged.get(client) ?? 0, clock));
  return Y.encodeStateVector(merged);
}

/**
 * The outbox holds one row per record with local changes the relay has not acknowledged. What
 * is sent is computed when read: a diff of the record's state against the state vector the
 * relay acknowledged, so 100 edits of one record cost one row and one compact update.
 */
export class SyncOutbox {
  private readonly sql;
  /**
   * Rows pending, kept as writes add and acks remove them: counting a store-sized outbox (a
   * migrated M store queues 1.27M records) takes over a second. Null until first asked, and
   * again after a rollback (the records engine says so), when it is counted afresh.
   */
  private count: number | null = null;

  constructor(private readonly db: Db) {
    this.sql = {
      clear: db.prepare('DELETE FROM sync_outbox WHERE record_id = ?'),
      add: db.prepare("INSERT INTO sync_outbox (record_id, entity, update_data, created_at) VALUES (?, ?, x'', ?)"),
      since: db.prepare(
        `SELECT o.seq, o.record_id, o.entity, d.state, d.relay_sv FROM sync_outbox o JOIN record_docs d ON d.id = o.record_id
         WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
      ),
      relaySv: db.prepare('SELECT relay_sv FROM record_docs WHERE id = ?'),
      setRelaySv: db.prepare('UPDATE record_docs SET relay_sv = ? WHERE id = ?'),
      ack: db.prepare('DELETE FROM sync_outbox WHERE record_id = ? AND seq = ?'),
      pending: db.prepare('SELECT count(*) FROM sync_outbox').pluck(),
      setAside: db.prepare(
        "INSERT INTO sync_parked (id, record_id, update_data, status, reason, detail, received_at) VALUES (?, ?, ?, 'rejected_by_relay', 'relay', ?, ?)",
      ),
    };
  }

  markDirty(recordId: string, entity: string, at: string): void {
    const replaced = this.sql.clear.run(recordId).changes;
    this.sql.add.run(recordId, entity, at);
    if (this.count !== null && replaced === 0) this.count++;
  }

  /** A record created in this transaction: it has no outbox row to replace. */
  addNew(recordId: string, entity: string, at: string): void {
    this.sql.add.run(recordId, entity, at);
    if (this.count !== null) this.count++;
  }

  /** A transaction rolled back: whatever it did to the outbox is undone, so count again when asked. */
  forgetCount(): void {
    this.count = null;
  }

  since(cursor: number, limit: number): OutboxItem[] {
    const rows = this.sql.since.all(cursor, limit) as { seq: number; record_id: string; entity: string; state: Buffer; relay_sv: Buffer | null }[];
    return rows.map((r) => ({
      seq: r.seq,
      record_id: r.record_id,
      entity: r.entity,
      update: r.relay_sv && r.relay_sv.byteLength > 0 ? Y.diffUpdate(r.state, r.relay_sv) : new Uint8Array(r.state),
      state_vector: Y.encodeStateVectorFromUpdate(r.state),
    }));
  }

  /** The relay stored these: remember what it has, and drop rows not edited again since. */
  acknowledge(items: readonly Pick<OutboxItem, 'seq' | 'record_id' | 'state_vector'>[]): void {
    this.db.transaction(() => {
      for (const item of items) {
        this.noteRelayHas(item.record_id, item.state_vector);
        const removed = this.sql.ack.run(item.record_id, item.seq).changes;
        if (this.count !== null) this.count -= removed;
      }
    })();
  }

  /** The relay has at least this state of the record (it sent or acknowledged it). */
  noteRelayHas(recordId: string, stateVector: Uint8Array): void {
    const row = this.sql.relaySv.get(recordId) as { relay_sv: Buffer | null } | undefined;
    if (!row) return;
    this.sql.setRelaySv.run(Buffer.from(mergeStateVectors(row.relay_sv, stateVector)), recordId);
  }

  /** The relay refused this change: kept aside with its reason (a bug or a tampered store), no longer sent. */
  setAside(item: Pick<OutboxItem, 'seq' | 'record_id' | 'update'>, reason: string): void {
    this.db.transaction(() => {
      this.sql.setAside.run(`${item.record_id}:${item.seq}`, item.record_id, Buffer.from(item.update), reason.slice(0, 500), new Date().toISOString());
      const removed = this.sql.ack.run(item.record_id, item.seq).changes;
      if (this.count !== null) this.count -= removed;
    })();
  }

  pendingCount(): number {
    this.count ??= this.sql.pending.get() as number;
    return this.count;
  }
}
