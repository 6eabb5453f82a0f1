import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { encodeNewRecord } from '../../../src/shared/record-doc/new-record-encoder';
import { creationEntries } from '../../../src/shared/record-doc/creation-entries';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, readEntries, winnersOf, writerKey } from '../../../src/shared/record-doc/doc-format';
import { readSelfContained } from '../../../src/shared/record-doc/fresh-update';
import { inspectUpdate, isProblem } from '../../../src/shared/record-doc/validate-update';
import { fromStoredValue, toStoredValue } from '../../../src/shared/record-doc/stored-values';
import { loadDoc, writeRecord } from '../../../src/main/engines/records/record-doc';
import { valuesFromWinners } from '../../../src/main/engines/records/projection';
import { entityByName } from '../../../src/shared/entities/entities';

const lead = entityByName('lead')!;
const createdMs = Date.parse('2025-03-01T09:00:00Z');
const owner = '01a21dff-1d99-7459-8f1f-d6f73905bd68';
const at = new Date(createdMs).toISOString();
/** What the create paths hand the encoder: every value, nulls and the bookkeeping fields included. */
const written = {
  first_name: 'Ada',
  email: 'ada@x.test',
  notes: null,
  owner,
  lead_score: 7,
  tags: ['vip'],
  created_by: owner,
  created_at: at,
  updated_at: at,
};
const args = { entity: 'lead', clientId: 424242, userId: owner, createdMs, stamp: createdMs * 1000, values: written };
const sorted = (m: Map<string, unknown[]>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

function storedItems(state: Uint8Array): { key: string; value: unknown }[] {
  return Y.decodeUpdate(state)
    .structs.filter((s): s is Y.Item => s instanceof Y.Item && (s.parent as unknown) === 'f')
    .map((s) => ({ key: s.parentSub!, value: (s.content as Y.ContentAny).arr[0] }));
}

describe('record documents, schema 3', () => {
  it('store no null, no created_at / updated_at / created_by, and ids as 16 bytes', () => {
    const v3 = encodeNewRecord(args);
    const items = storedItems(v3);
    expect(items.map((i) => i.key.split('@')[0]).sort()).toEqual(['#vip', 'email', 'first_name', 'lead_score', 'owner']);
    const ownerItem = items.find((i) => i.key.startsWith('owner@'))!.value as unknown[];
    expect(ownerItem[0]).toBeInstanceOf(Uint8Array);
    expect((ownerItem[0] as Uint8Array).length).toBe(16);
    expect(v3.byteLength).toBeLessThan(encodeNewRecord({ ...args, version: DOC_SCHEMA_V2 }).byteLength * 0.75);
  });

  it('read back the same values as a schema-2 document of the same write', () => {
    const read = (state: Uint8Array) => valuesFromWinners(lead, 'r1', winnersOf(readEntries(loadDoc('r1', state))));
    const v2 = read(encodeNewRecord({ ...args, version: DOC_SCHEMA_V2 }));
    const v3 = read(encodeNewRecord(args));
    expect(v3).toEqual(v2);
    expect(v3).toMatchObject({ created_at: at, updated_at: at, created_by: owner, owner, notes: null, tags: ['vip'] });
  });

  it('are read alike by Yjs, by the struct reader and by the create path', () => {
    const state = encodeNewRecord({ ...args, stamp: createdMs * 1000 + 5_000 });
    const viaYjs = readEntries(loadDoc('r2', state));
    expect(sorted(readSelfContained(Y.decodeUpdate(state))!.entries)).toBe(sorted(viaYjs));
    expect(sorted(creationEntries({ written, writer: writerKey(424242), userId: owner, stamp: createdMs * 1000 + 5_000, createdMs }))).toBe(sorted(viaYjs));
    // updated_at is the time of the greatest stamp: here 5 ms after creation.
    expect(viaYjs.get('updated_at')![0].value).toBe(new Date(createdMs + 5).toISOString());
  });

  it('are encoded byte for byte as Yjs writes them, in either schema', () => {
    for (const version of [DOC_SCHEMA_V2, DOC_SCHEMA_VERSION]) {
      const doc = loadDoc(`r-${version}`, null);
      writeRecord(doc, { ...args, version, entries: new Map() });
      expect(Buffer.from(encodeNewRecord({ ...args, version })).equals(Buffer.from(Y.encodeStateAsUpdate(doc)))).toBe(true);
    }
  });

  it("use schema 2's maps and entry shapes, so a schema-2 install's checks pass them and it parks them by version", () => {
    const facts = inspectUpdate(encodeNewRecord(args));
    expect(isProblem(facts)).toBe(false);
    const doc = loadDoc('r3', encodeNewRecord(args));
    expect(doc.getMap('m').get('v')).toBe(3);
    expect([...doc.share.keys()].sort()).toEqual(['f', 'm', 'w']);
  });

  it('keep a write into a schema-2 document in schema 2 (updated_at stored, ids as text)', () => {
    const doc = loadDoc('r4', encodeNewRecord({ ...args, version: DOC_SCHEMA_V2 }));
    writeRecord(doc, { ...args, clientId: 99, createdMs: null, values: { owner, updated_at: at }, entries: readEntries(doc) });
    expect(doc.getMap('f').get(`updated_at@${writerKey(99)}`)).toEqual([at, 0]);
    expect(doc.getMap('f').get(`owner@${writerKey(99)}`)).toEqual([owner, 0]);
  });

  it('store updated_at only for a write that leaves nothing else in the document', () => {
    const doc = loadDoc('r5', encodeNewRecord(args));
    const later = at.replace('09:00:00', '09:00:01');
    writeRecord(doc, {
      ...args,
      clientId: 99,
      stamp: createdMs * 1000 + 1_000_000,
      createdMs: null,
      values: { lead_score: 8, updated_at: later },
      entries: readEntries(doc),
    });
    expect(doc.getMap('f').has(`updated_at@${writerKey(99)}`)).toBe(false);
    expect(readEntries(doc).get('updated_at')![0].value).toBe(later);
    writeRecord(doc, { ...args, clientId: 99, stamp: createdMs * 1000 + 2_000_000, createdMs: null, values: { updated_at: 'x' }, entries: readEntries(doc) });
    expect(doc.getMap('f').has(`updated_at@${writerKey(99)}`)).toBe(true);
    expect(readEntries(doc).get('updated_at')![0].value).toBe(at.replace('09:00:00', '09:00:02'));
  });

  it('derive created_at and created_by whatever another writer stores under those names', () => {
    const doc = loadDoc('r6', encodeNewRecord(args));
    doc.clientID = 77;
    doc.transact(() => {
      doc.getMap('w').set(writerKey(77), ['someone-else']);
      doc.getMap('f').set(`created_by@${writerKey(77)}`, ['someone-else', 5]);
      doc.getMap('f').set(`created_at@${writerKey(77)}`, ['2020-01-01T00:00:00.000Z', 5]);
    });
    const winners = winnersOf(readEntries(doc));
    expect(winners.get('created_by')!.value).toBe(owner);
    expect(winners.get('created_at')!.value).toBe(at);
  });

  it('turn ids into bytes and back, and leave other text alone', () => {
    expect(fromStoredValue(toStoredValue(3, owner))).toBe(owner);
    expect(toStoredValue(3, owner.toUpperCase())).toBe(owner.toUpperCase());
    expect(toStoredValue(2, owner)).toBe(owner);
    expect(toStoredValue(3, 'not-an-id')).toBe('not-an-id');
  });
});
