import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/open-database';
import { RecordsEngine } from '../../../src/main/engines/records';
import { documentReading } from '../../../src/main/engines/records/rewrite-check';
import { leadEntity } from '../../../src/shared/entities/entities';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../../../src/shared/record-doc/doc-format';
import { mayBeSchema2, rewriteAsSchema3 } from '../../../src/shared/record-doc/schema3-rewrite';
import { inspectUpdate, isProblem } from '../../../src/shared/record-doc/validate-update';
import { ManualClock } from '../../helpers/manual-clock';
import { tempStore } from '../../helpers/temp-store';

/** Two schema-2 installs exchanging outbox updates directly, so documents get two writers and a conflict. */
interface Peer {
  db: Db;
  records: RecordsEngine;
}

function peer(clock: ManualClock, version = DOC_SCHEMA_V2): Peer {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock });
  records.docVersion = version;
  return { db, records };
}

function sync(from: Peer, to: Peer): void {
  const items = from.records.outbox.since(0, 1000);
  for (const item of items) to.records.applyRemoteUpdate(item.record_id, item.update);
  from.records.outbox.acknowledge(items);
}

const stateOf = (p: Peer, id: string) => new Uint8Array((p.db.prepare('SELECT state FROM record_docs WHERE id = ?').get(id) as { state: Buffer }).state);
const ctx = { actor: null, origin: 'api' as const };

describe('rewriting a schema-2 record document as schema 3', () => {
  it('keeps every live entry, conflict, stage move and stamp, each under its own writer, in fewer bytes', () => {
    const clock = new ManualClock();
    const a = peer(clock);
    const b = peer(clock);
    const id = String(a.records.create('lead', { email: 'r@x.test', first_name: 'Ada', status: 'new', tags: ['vip'] }, ctx).id);
    sync(a, b);
    clock.advance(1000);
    a.records.update('lead', id, { first_name: 'FromA', status: 'contacted', tags: ['vip', 'hot'] }, ctx);
    b.records.update('lead', id, { first_name: 'FromB', lead_score: 7, notes: null }, ctx);
    sync(a, b);
    sync(b, a);
    const old = stateOf(a, id);
    const reading = documentReading(leadEntity, id, old);
    expect(JSON.parse(reading).conflicts.length).toBe(1);
    expect(reading).toBe(documentReading(leadEntity, id, stateOf(b, id)));

    const rewritten = rewriteAsSchema3({ id, state: old })!;
    expect(documentReading(leadEntity, id, rewritten)).toBe(reading);
    expect(rewritten.byteLength).toBeLessThan(old.byteLength * 0.7);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, rewritten);
    expect(doc.getMap('m').get('v')).toBe(DOC_SCHEMA_VERSION);
    // The checks of the relay and of every install accept it: no key is written by another client.
    const facts = inspectUpdate(rewritten);
    expect(isProblem(facts)).toBe(false);
    if (!isProblem(facts)) expect(facts.writers.size).toBe(2);
    // Both installs hold the same live entries, written in another order: the same bytes.
    expect(Buffer.from(rewriteAsSchema3({ id, state: stateOf(b, id) })!).equals(Buffer.from(rewritten))).toBe(true);
    // Nothing of the old history's superseded entries or delete set is left.
    expect(Y.decodeUpdate(rewritten).ds.clients.size).toBe(0);
  });

  it('leaves schema-3 and role-restricted documents alone', () => {
    const clock = new ManualClock();
    const fresh = peer(clock, DOC_SCHEMA_VERSION);
    const id = String(fresh.records.create('lead', { email: 'n@x.test' }, ctx).id);
    expect(mayBeSchema2(stateOf(fresh, id))).toBe(false);
    expect(rewriteAsSchema3({ id, state: stateOf(fresh, id) })).toBeNull();
    const old = peer(clock);
    const id2 = String(old.records.create('lead', { email: 'o@x.test' }, ctx).id);
    expect(mayBeSchema2(stateOf(old, id2))).toBe(true);
    expect(rewriteAsSchema3({ id: `${id2}::am`, state: stateOf(old, id2) })).toBeNull();
  });
});
