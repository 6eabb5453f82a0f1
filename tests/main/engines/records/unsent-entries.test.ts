import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { reauthorUnsent } from '../../../../src/main/engines/records/unsent-entries';
import { DOC_SCHEMA_V2, readEntries, winnersOf } from '../../../../src/shared/record-doc/doc-format';
import { rewriteAsSchema3 } from '../../../../src/shared/record-doc/schema3-rewrite';
import { inspectUpdate, isProblem } from '../../../../src/shared/record-doc/validate-update';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/** Two schema-2 installs; `a`'s document plays the relay's log, which the compaction rewrites. */
interface Peer {
  db: Db;
  records: RecordsEngine;
}

function peer(clock: ManualClock): Peer {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock });
  records.docVersion = DOC_SCHEMA_V2;
  return { db, records };
}

/** `from`'s pending changes reach `to` as the relay would send them (so `to` notes what the relay has). */
function sync(from: Peer, ...to: Peer[]): void {
  const items = from.records.outbox.since(0, 1000);
  for (const item of items) for (const peer of to) peer.records.applyRemoteUpdate(item.record_id, item.update);
  from.records.outbox.acknowledge(items);
}

const row = (p: Peer, id: string) => p.db.prepare('SELECT state, relay_sv FROM record_docs WHERE id = ?').get(id) as { state: Buffer; relay_sv: Buffer | null };
const load = (id: string, state: Uint8Array) => {
  const doc = new Y.Doc({ guid: id });
  Y.applyUpdate(doc, state);
  return doc;
};
const ctx = { actor: null, origin: 'api' as const };

/**
 * B's edits made offline, re-authored into the relay's rewrite of A's document: the fields'
 * live entries. `exact`: with the relay's history of the epoch before (A's document) merged in.
 */
function afterReauthor(a: Peer, b: Peer, id: string, exact = true) {
  const fresh = load(id, rewriteAsSchema3({ id, state: new Uint8Array(row(a, id).state) })!);
  const base = Y.encodeStateVector(fresh);
  const old = load(id, new Uint8Array(row(b, id).state));
  const everything = exact ? load(id, new Uint8Array(row(b, id).state)) : null;
  if (everything) Y.applyUpdate(everything, new Uint8Array(row(a, id).state));
  const written = reauthorUnsent(old, row(b, id).relay_sv, fresh, everything);
  const entries = readEntries(fresh);
  // What B would push: accepted by the shared checks the relay runs.
  const facts = inspectUpdate(Y.encodeStateAsUpdate(fresh, base));
  return { written, entries, oldEntries: readEntries(old), winners: winnersOf(entries), valid: !isProblem(facts) };
}

describe('re-authoring unsent entries after a team compaction', () => {
  it('keeps an edit made elsewhere that the unsent one never saw as a conflict, the greater stamp winning', () => {
    const clock = new ManualClock();
    const a = peer(clock);
    const b = peer(clock);
    const id = String(a.records.create('lead', { email: 'c@x.test', first_name: 'Ada', status: 'new' }, ctx).id);
    sync(a, b);
    clock.advance(1000);
    a.records.update('lead', id, { first_name: 'FromA' }, ctx);
    clock.advance(1000);
    b.records.update('lead', id, { first_name: 'FromB', lead_score: 9 }, ctx);
    const r = afterReauthor(a, b, id);
    expect(r.valid).toBe(true);
    // first_name and lead_score; schema 3 derives updated_at from the greatest stamp.
    expect(r.written).toBe(2);
    const stampOf = (entries: typeof r.entries, value: string) => entries.get('first_name')!.find((e) => e.value === value)!.stamp;
    expect(stampOf(r.entries, 'FromB')).toBe(stampOf(r.oldEntries, 'FromB'));
    expect(r.winners.get('updated_at')!.stamp).toBe(stampOf(r.oldEntries, 'FromB'));
    expect(r.winners.get('first_name')!.value).toBe('FromB');
    expect(
      r.entries
        .get('first_name')!
        .map((e) => e.value)
        .sort(),
    ).toEqual(['FromA', 'FromB']);
    expect(r.winners.get('lead_score')!.value).toBe(9);
  });

  it('supersedes what its original write had seen, leaving no conflict (with or without the previous history)', () => {
    const clock = new ManualClock();
    const a = peer(clock);
    const b = peer(clock);
    const id = String(a.records.create('lead', { email: 's@x.test', first_name: 'Ada', status: 'new' }, ctx).id);
    clock.advance(1000);
    a.records.update('lead', id, { first_name: 'FromA' }, ctx);
    sync(a, b);
    clock.advance(1000);
    b.records.update('lead', id, { first_name: 'FromB', status: 'contacted' }, ctx);
    for (const exact of [true, false]) {
      const r = afterReauthor(a, b, id, exact);
      expect(r.valid).toBe(true);
      expect(r.entries.get('first_name')!.map((e) => e.value)).toEqual(['FromB']);
      expect(r.winners.get('status')!.value).toBe('contacted');
      expect(r.entries.get('status')!.length).toBe(1);
    }
  });

  it('writes nothing again that the relay already holds (an acknowledgement lost on the way)', () => {
    const clock = new ManualClock();
    const a = peer(clock);
    const b = peer(clock);
    const id = String(a.records.create('lead', { email: 'l@x.test', first_name: 'Ada', status: 'new' }, ctx).id);
    sync(a, b);
    clock.advance(1000);
    b.records.update('lead', id, { first_name: 'FromB' }, ctx);
    // The relay stored B's change; B never heard back.
    for (const item of b.records.outbox.since(0, 1000)) a.records.applyRemoteUpdate(item.record_id, item.update);
    const r = afterReauthor(a, b, id);
    expect(r.written).toBe(0);
    expect(r.entries.get('first_name')!.map((e) => e.value)).toEqual(['FromB']);
  });

  it('without the previous history, still keeps as a conflict an edit by a writer this install had never seen', () => {
    const clock = new ManualClock();
    const a = peer(clock);
    const b = peer(clock);
    const c = peer(clock);
    const id = String(a.records.create('lead', { email: 'n@x.test', first_name: 'Ada', status: 'new' }, ctx).id);
    sync(a, b, c);
    clock.advance(1000);
    c.records.update('lead', id, { first_name: 'FromC' }, ctx);
    sync(c, a);
    clock.advance(1000);
    b.records.update('lead', id, { first_name: 'FromB' }, ctx);
    const r = afterReauthor(a, b, id, false);
    expect(
      r.entries
        .get('first_name')!
        .map((e) => e.value)
        .sort(),
    ).toEqual(['FromB', 'FromC']);
    expect(r.winners.get('first_name')!.value).toBe('FromB');
  });
});
