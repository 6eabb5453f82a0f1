import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../../../../src/shared/record-doc/doc-format';
import { encodeNewRecord } from '../../../../src/shared/record-doc/new-record-encoder';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/** Installs holding records of schema 2 (made before schema 3) and schema 3 side by side. */
interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
}

function peer(version: number, clock = new ManualClock()): Peer {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock });
  records.docVersion = version;
  return { db, clock, records };
}

/** Everything `from` has not had acknowledged, to each of `to`. */
function sync(from: Peer, ...to: Peer[]): void {
  const items = from.records.outbox.since(0, 1000);
  for (const p of to) for (const item of items) p.records.applyRemoteUpdate(item.record_id, item.update);
  from.records.outbox.acknowledge(items);
}

const row = (p: Peer, id: string) => p.db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as Record<string, unknown>;
const ctx = { actor: null, origin: 'api' as const };

function stateOf(p: Peer, id: string): Y.Doc {
  const doc = new Y.Doc({ guid: id });
  Y.applyUpdate(doc, (p.db.prepare('SELECT state FROM record_docs WHERE id = ?').get(id) as { state: Buffer }).state);
  return doc;
}

describe('records of schema 2 and 3 on the same installs', () => {
  it('project the same rows everywhere, with created_at, updated_at and created_by derived in schema 3', () => {
    const clock = new ManualClock();
    const a = peer(DOC_SCHEMA_VERSION, clock);
    const b = peer(DOC_SCHEMA_VERSION, clock);
    const id = String(a.records.create('lead', { email: 'm3@x.test', first_name: 'Ada' }, ctx).id);
    const created = row(a, id);
    expect(stateOf(a, id).getMap('m').get('v')).toBe(DOC_SCHEMA_VERSION);
    sync(a, b);
    expect(row(b, id)).toEqual(created);
    clock.advance(60_000);
    b.records.update('lead', id, { status: 'contacted' }, ctx);
    sync(b, a);
    const edited = row(a, id);
    expect(row(b, id)).toEqual(edited);
    expect(edited.created_at).toBe(created.created_at);
    expect(edited.updated_at).toBe(new Date(Date.parse(String(created.updated_at)) + 60_000).toISOString());
    expect(edited.notes).toBeNull();
  });

  it('keep a schema-2 record in schema 2 when a schema-3 install edits it', () => {
    const clock = new ManualClock();
    const old = peer(DOC_SCHEMA_V2, clock);
    const a = peer(DOC_SCHEMA_VERSION, clock);
    const id = String(old.records.create('lead', { email: 'm2@x.test' }, ctx).id);
    sync(old, a);
    clock.advance(1_000);
    a.records.update('lead', id, { first_name: 'Grace' }, ctx);
    sync(a, old);
    expect(row(old, id)).toEqual(row(a, id));
    const doc = stateOf(old, id);
    expect(doc.getMap('m').get('v')).toBe(DOC_SCHEMA_V2);
    // A schema-2 install reads updated_at from its entry: the schema-3 install wrote one.
    const keys = [...doc.getMap('f').keys()].filter((k) => k.startsWith('updated_at@'));
    expect(keys.length).toBe(1);
    expect(doc.getMap('f').get(keys[0])).toEqual([row(a, id).updated_at, expect.any(Number)]);
  });

  it('park a record of a newer schema instead of projecting it', () => {
    const a = peer(DOC_SCHEMA_VERSION);
    const update = encodeNewRecord({
      entity: 'lead',
      clientId: 5150,
      userId: null,
      createdMs: Date.now(),
      stamp: Date.now() * 1000,
      values: { email: 'next@x.test' },
      version: DOC_SCHEMA_VERSION + 1,
    });
    const result = a.records.applyRemoteUpdate('01a21dff-0000-7000-8000-000000000001', update);
    expect(result).toMatchObject({ status: 'parked', reason: 'newer_schema' });
    expect(row(a, '01a21dff-0000-7000-8000-000000000001')).toBeUndefined();
  });
});
