import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCache } from '../../../../src/main/engines/records/doc-cache';
import { RecordsEngine, RecordReader } from '../../../../src/main/engines/records';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';
import { RelayLog } from '../../../helpers/relay-log';

function stateWith(value: string): Uint8Array {
  const doc = new Y.Doc();
  // A fixed client id: a random one is 1 to 5 bytes in the update, so equal values would not
  // give equal sizes and the size bounds below would hold by chance.
  doc.clientID = 1;
  doc.getMap('m').set('k', value);
  return Y.encodeStateAsUpdate(doc);
}

const read = (doc: Y.Doc) => doc.getMap('m').get('k');

describe('decoded document cache', () => {
  it('hands out a document only for the exact bytes it holds', () => {
    const cache = new DocCache(10_000);
    const one = stateWith('one');
    const first = cache.read('a', one);
    expect(cache.read('a', Uint8Array.from(one))).toBe(first);
    const other = cache.read('a', stateWith('two'));
    expect(other).not.toBe(first);
    expect(read(other)).toBe('two');
    expect(first.isDestroyed).toBe(true);
  });

  it('lends a document to a writer until it is kept again with its new bytes', () => {
    const cache = new DocCache(10_000);
    const one = stateWith('one');
    const doc = cache.read('a', one);
    expect(cache.take('a', one)).toBe(doc);
    expect(cache.size).toBe(0);
    doc.getMap('m').set('k', 'changed');
    const stored = Y.encodeStateAsUpdate(doc);
    cache.keep('a', stored, doc);
    expect(cache.read('a', stored)).toBe(doc);
    // The bytes the write replaced (a rolled-back transaction puts them back) get a fresh document.
    expect(read(cache.read('a', one))).toBe('one');
  });

  it('holds at most its stored bytes, destroying the least recently used, and no document too large', () => {
    const size = stateWith('a').byteLength;
    const cache = new DocCache(size * 2, size);
    expect(cache.keep('big', stateWith('a longer value'), new Y.Doc())).toBe(false);
    const a = cache.read('a', stateWith('a'));
    const b = cache.read('b', stateWith('b'));
    cache.read('a', Y.encodeStateAsUpdate(a));
    cache.read('c', stateWith('c'));
    expect(cache.size).toBe(2);
    expect(b.isDestroyed).toBe(true);
    expect(a.isDestroyed).toBe(false);
  });
});

describe('records engine with cached documents', () => {
  const api = { actor: null, origin: 'api' as const };

  function engine() {
    const { db } = tempStore();
    return { db, records: new RecordsEngine({ db, clock: new ManualClock() }), reader: new RecordReader(db) };
  }

  it('a write rolled back after its document was changed leaves no trace in the next write', () => {
    const { records, reader } = engine();
    const lead = records.create('lead', { email: 'ada@acme.test', first_name: 'Ada' }, api);
    const id = String(lead.id);
    records.update('lead', id, { first_name: 'Ada B' }, api);
    expect(() =>
      records.transaction(() => {
        records.update('lead', id, { first_name: 'Never', lead_score: 90 }, api);
        throw new AppError('conflict', 'rolled back');
      }),
    ).toThrow('rolled back');
    records.update('lead', id, { status: 'contacted' }, api);
    const row = reader.get(records.entity('lead'), id);
    expect(row).toMatchObject({ first_name: 'Ada B', status: 'contacted', lead_score: lead.lead_score });
    expect(records.currentValues(records.entity('lead'), id)).toMatchObject({ first_name: 'Ada B', lead_score: lead.lead_score });
  });

  it('a document changed by a remote peer is read afresh before the next local write', () => {
    const a = engine();
    const b = engine();
    const relay = new RelayLog();
    const lead = a.records.create('lead', { email: 'ada@acme.test', first_name: 'Ada' }, api);
    const id = String(lead.id);
    a.records.update('lead', id, { status: 'contacted' }, api);
    relay.deliver(a.records, b.records);
    b.records.update('lead', id, { company_name: 'Acme' }, api);
    relay.deliver(b.records, a.records);
    a.records.update('lead', id, { lead_score: 40 }, api);
    expect(a.reader.get(a.records.entity('lead'), id)).toMatchObject({ status: 'contacted', company_name: 'Acme', lead_score: 40 });
    relay.deliver(a.records, b.records);
    expect(b.reader.get(b.records.entity('lead'), id)).toMatchObject({ status: 'contacted', company_name: 'Acme', lead_score: 40 });
  });
});
