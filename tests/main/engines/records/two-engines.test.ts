import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine, RecordReader } from '../../../../src/main/engines/records';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';
import { RelayLog } from '../../../helpers/relay-log';
import { rawDocUpdate } from '../../../helpers/raw-doc';

interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
  reader: RecordReader;
}

let relay = new RelayLog();
beforeEach(() => {
  relay = new RelayLog();
});

function peer(_name: number, clock = new ManualClock()): Peer {
  const { db } = tempStore();
  return { db, clock, records: new RecordsEngine({ db, clock }), reader: new RecordReader(db) };
}

/** Delivers what `from` has that `to` has not seen, as the relay would. */
function deliver(from: Peer, to: Peer): void {
  relay.deliver(from.records, to.records);
}

const ctx = { actor: null, origin: 'api' as const };

function leadRow(p: Peer, id: string) {
  const { updated_at: _u, ...rest } = p.db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as Record<string, unknown>;
  return rest;
}

describe('two engines exchanging updates', () => {
  it('converge on a created record', () => {
    const a = peer(11);
    const b = peer(22);
    const lead = a.records.create('lead', { email: 'x@y.test', first_name: 'Xe' }, ctx);
    deliver(a, b);
    expect(b.reader.get(b.records.entity('lead'), String(lead.id)).first_name).toBe('Xe');
    expect(leadRow(b, String(lead.id))).toEqual(leadRow(a, String(lead.id)));
  });

  it('keep concurrent edits to different fields', () => {
    const a = peer(11);
    const b = peer(22);
    const id = String(a.records.create('lead', { email: 'x@y.test' }, ctx).id);
    deliver(a, b);
    a.records.update('lead', id, { status: 'qualified' }, ctx);
    b.records.update('lead', id, { priority: 'high' }, ctx);
    deliver(a, b);
    deliver(b, a);
    for (const p of [a, b]) {
      const row = p.db.prepare('SELECT status, priority FROM leads WHERE id = ?').get(id);
      expect(row).toEqual({ status: 'qualified', priority: 'high' });
    }
    expect(a.db.prepare('SELECT count(*) n FROM record_conflicts').get()).toEqual({ n: 0 });
  });

  it('resolve the same field to the later edit on both and keep the loser as a conflict', () => {
    const a = peer(11);
    const b = peer(22, new ManualClock());
    const id = String(a.records.create('lead', { email: 'x@y.test' }, ctx).id);
    deliver(a, b);
    // b's client id is larger: under Yjs' own rule it would win; the later edit must win instead.
    b.clock.advance(1_000);
    b.records.update('lead', id, { status: 'contacted' }, ctx);
    a.clock.advance(5_000);
    a.records.update('lead', id, { status: 'lost' }, ctx);
    deliver(a, b);
    deliver(b, a);
    for (const p of [a, b]) {
      expect(p.db.prepare('SELECT status FROM leads WHERE id = ?').get(id)).toEqual({ status: 'lost' });
    }
    const conflict = b.db.prepare('SELECT field, losing_value, winning_value FROM record_conflicts').get();
    expect(conflict).toEqual({ field: 'status', losing_value: '"contacted"', winning_value: '"lost"' });
  });

  it('an edit made after seeing the other is not a conflict', () => {
    const a = peer(11);
    const b = peer(22);
    const id = String(a.records.create('lead', { email: 'x@y.test' }, ctx).id);
    deliver(a, b);
    a.records.update('lead', id, { status: 'contacted' }, ctx);
    deliver(a, b);
    b.clock.advance(60_000);
    b.records.update('lead', id, { status: 'qualified' }, ctx);
    deliver(b, a);
    expect(a.db.prepare('SELECT status FROM leads WHERE id = ?').get(id)).toEqual({ status: 'qualified' });
    expect(a.db.prepare('SELECT count(*) n FROM record_conflicts').get()).toEqual({ n: 0 });
  });

  it('resolve delete versus edit the same way on both', () => {
    const a = peer(11);
    const b = peer(22);
    const id = String(a.records.create('lead', { email: 'x@y.test' }, ctx).id);
    deliver(a, b);
    a.records.remove('lead', id, ctx);
    b.records.update('lead', id, { status: 'qualified' }, ctx);
    deliver(a, b);
    deliver(b, a);
    expect(leadRow(a, id)).toEqual(leadRow(b, id));
    expect(leadRow(a, id).deleted_at).toBeTruthy();
    expect(leadRow(a, id).status).toBe('qualified');
  });

  it('are idempotent: a redelivered update changes nothing', () => {
    const a = peer(11);
    const b = peer(22);
    const id = String(a.records.create('lead', { email: 'x@y.test' }, ctx).id);
    deliver(a, b);
    expect(b.records.applyRemoteUpdate(id, relay.entries[0].update)).toEqual({ status: 'duplicate' });
  });

  it('refuse a malformed update without writing, and keep it aside with the reason', () => {
    const b = peer(22);
    expect(b.records.applyRemoteUpdate('x', new Uint8Array([1, 2, 3, 250, 251]))).toMatchObject({ status: 'refused', reason: 'malformed' });
    expect(b.db.prepare('SELECT count(*) n FROM record_docs').get()).toEqual({ n: 0 });
    expect(b.db.prepare('SELECT status, reason FROM sync_parked').all()).toEqual([{ status: 'refused', reason: 'malformed' }]);
  });

  it('converge under random edits delivered in random order', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const peers = [peer(11), peer(22), peer(33)];
    const id = String(peers[0].records.create('lead', { email: 'x@y.test' }, ctx).id);
    for (const p of peers.slice(1)) deliver(peers[0], p);
    const statuses = ['new', 'contacted', 'qualified', 'lost'];
    for (let i = 0; i < 60; i++) {
      const p = peers[Math.floor(rand() * peers.length)];
      p.clock.advance(Math.floor(rand() * 50));
      if (rand() < 0.1) p.records.update('lead', id, { priority: 'urgent' }, ctx);
      else p.records.update('lead', id, { status: statuses[Math.floor(rand() * 4)], lead_score: Math.floor(rand() * 100) }, ctx);
      if (rand() < 0.3) {
        const q = peers[Math.floor(rand() * peers.length)];
        if (q !== p) deliver(p, q);
      }
    }
    for (const p of peers) for (const q of peers) if (p !== q) deliver(p, q);
    const rows = peers.map((p) => leadRow(p, id));
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
  });
});

describe('remote documents are validated', () => {
  it('refuse values of the wrong shape, and write nothing of the update', () => {
    const b = peer(22);
    const update = rawDocUpdate({ id: 'rogue-1', entity: 'lead', values: { email: 'r@x.test', lead_score: 'not a number', status: 'bogus' } });
    expect(b.records.applyRemoteUpdate('rogue-1', update)).toMatchObject({ status: 'refused', reason: 'invalid_value' });
    expect(b.db.prepare('SELECT count(*) n FROM leads').get()).toEqual({ n: 0 });
    expect(b.db.prepare('SELECT count(*) n FROM record_docs').get()).toEqual({ n: 0 });
  });

  it('refuse a document of an unknown entity', () => {
    const b = peer(22);
    expect(b.records.applyRemoteUpdate('rogue-2', rawDocUpdate({ id: 'rogue-2', entity: 'spaceship', values: {} }))).toMatchObject({
      status: 'refused',
      reason: 'unknown_entity',
    });
    expect(b.db.prepare('SELECT count(*) n FROM record_docs').get()).toEqual({ n: 0 });
  });
});
