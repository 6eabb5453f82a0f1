import { describe, expect, it } from 'vitest';
import { encodeNewRecord } from '../../../src/shared/record-doc/new-record-encoder';
import { creationEntries } from '../../../src/shared/record-doc/creation-entries';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, readEntries, writerKey } from '../../../src/shared/record-doc/doc-format';
import { loadDoc } from '../../../src/main/engines/records/record-doc';

const createdMs = Date.parse('2025-03-01T09:00:00Z');
const owner = '01a21dff-1d99-7459-8f1f-d6f73905bd68';
const at = new Date(createdMs).toISOString();
const full = { first_name: 'Ada', email: 'ada@x.test', notes: null, owner, tags: ['vip', 'b'], created_by: owner, created_at: at, updated_at: at };
const sorted = (m: Map<string, unknown[]>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('creationEntries', () => {
  // The create paths project these entries without reading the document back: they must be what any reader derives from it.
  const stamps = { 'the creation instant': 0, 'the same millisecond, counter 7': 7, '5 ms later': 5_000, 'a clock ahead by 2 s': 2_000_123 };
  const bodies = { 'a full record': full, 'nothing stored but bookkeeping': { created_by: null, created_at: at, updated_at: at, tags: [] } };
  for (const version of [DOC_SCHEMA_V2, DOC_SCHEMA_VERSION])
    for (const [stampName, offset] of Object.entries(stamps))
      for (const [bodyName, written] of Object.entries(bodies))
        it(`are what a reader of the document gets (schema ${version}, stamp at ${stampName}, ${bodyName})`, () => {
          const stamp = createdMs * 1000 + offset;
          const userId = written.created_by;
          const state = encodeNewRecord({ entity: 'lead', clientId: 424242, userId, createdMs, stamp, values: written, version });
          const read = readEntries(loadDoc('r1', state));
          expect(sorted(creationEntries({ written, writer: writerKey(424242), userId, stamp, createdMs, version }))).toBe(sorted(read));
        });
});
