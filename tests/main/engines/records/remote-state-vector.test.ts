import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { relayHasAfter } from '../../../../src/main/engines/records/remote-state-vector';
import { mergeStateVectors } from '../../../../src/main/engines/records/sync-outbox';

/**
 * Remote apply writes what the relay has of a record from the structs it already decoded;
 * it must equal what `Y.encodeStateVectorFromUpdate` merged into the stored vector gave
 * (a client counts only when its structs run from clock 0 without a gap).
 */
function docWithEdits(clientId: number, edits: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  for (let i = 0; i < edits; i++) doc.getMap('f').set(`k${i % 3}`, [`v${i}`, i]);
  return doc;
}

const expected = (prior: Uint8Array | null, update: Uint8Array) => Y.decodeStateVector(mergeStateVectors(prior, Y.encodeStateVectorFromUpdate(update)));
const actual = (prior: Uint8Array | null, update: Uint8Array) => {
  const sv = relayHasAfter(prior, Y.decodeUpdate(update).structs);
  return sv ? Y.decodeStateVector(sv) : new Map<number, number>();
};

describe('relay state vector after a remote update', () => {
  it('equals the update state vector merged into the stored one, for whole states, diffs and merged updates', () => {
    const a = docWithEdits(11, 5);
    const b = docWithEdits(22, 3);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const base = Y.encodeStateVector(b);
    b.getMap('f').set('k9', ['later', 9]);
    a.getMap('f').set('k1', ['again', 7]);
    const whole = Y.encodeStateAsUpdate(b);
    const diff = Y.encodeStateAsUpdate(b, base);
    // A merged update with a gap (a Skip): the client counts only up to the gap.
    const c = docWithEdits(33, 2);
    const first = Y.encodeStateAsUpdate(c);
    const sv1 = Y.encodeStateVector(c);
    c.getMap('f').set('k5', ['middle', 5]);
    const sv2 = Y.encodeStateVector(c);
    c.getMap('f').set('k6', ['last', 6]);
    const gap = Y.mergeUpdates([first, Y.encodeStateAsUpdate(c, sv2)]);
    expect(Y.decodeStateVector(sv1).get(33)).toBeGreaterThan(0);
    const prior = Y.encodeStateVector(
      new Map([
        [11, 2],
        [44, 9],
      ]),
    );
    for (const update of [whole, diff, gap]) {
      for (const stored of [null, new Uint8Array(0), prior]) expect(actual(stored, update)).toEqual(expected(stored, update));
    }
    expect(actual(null, diff).size).toBe(0);
    expect(actual(null, gap).get(33)).toBe(Y.decodeStateVector(sv1).get(33));
    expect(actual(prior, whole).get(44)).toBe(9);
  });
});
