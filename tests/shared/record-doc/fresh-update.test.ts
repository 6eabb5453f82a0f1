import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../src/main/engines/records';
import { readEntries } from '../../../src/shared/record-doc/doc-format';
import { readSelfContained } from '../../../src/shared/record-doc/fresh-update';
import { ManualClock } from '../../helpers/manual-clock';
import { tempStore } from '../../helpers/temp-store';

const sys = { actor: null, origin: 'api' as const };
const sorted = (m: Map<string, unknown[]>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('reading a whole record from an update without a Y.Doc', () => {
  it('agrees with Yjs on created, edited, re-tagged and concurrently edited records', () => {
    const clock = new ManualClock();
    const a = new RecordsEngine({ ...tempStore(), clock });
    const b = new RecordsEngine({ ...tempStore(), clock });
    const id = String(a.create('lead', { email: 'f@x.test', tags: ['a', 'b'], lead_score: 3 }, sys).id);
    for (const item of a.outbox.since(0, 10)) b.applyRemoteUpdate(item.record_id, item.update);
    for (let i = 0; i < 20; i++) {
      a.update('lead', id, { lead_score: i, tags: i % 2 ? ['a'] : ['b', 'c'] }, sys);
      if (i % 5 === 0) b.update('lead', id, { status: 'lost', notes: `b${i}` }, sys);
    }
    for (const item of b.outbox.since(0, 10)) a.applyRemoteUpdate(item.record_id, item.update);
    const state = a.outbox.since(0, 10)[0].update;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const viaYjs = readEntries(doc);
    const direct = readSelfContained(Y.decodeUpdate(state));
    expect(direct).not.toBeNull();
    expect(sorted(direct!.entries)).toBe(sorted(viaYjs));
    expect(Y.encodeStateVector(direct!.stateVector)).toEqual(Y.encodeStateVector(doc));
    expect(direct!.entity).toBe('lead');
  });

  it('declines an update with a gap (it builds on something missing)', () => {
    const clock = new ManualClock();
    const a = new RecordsEngine({ ...tempStore(), clock });
    const id = String(a.create('lead', { email: 'g@x.test' }, sys).id);
    a.outbox.acknowledge(a.outbox.since(0, 10));
    a.update('lead', id, { status: 'lost' }, sys);
    expect(readSelfContained(Y.decodeUpdate(a.outbox.since(0, 10)[0].update))).toBeNull();
  });
});
