import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { DOC_SCHEMA_V2 } from '../../../../src/shared/record-doc/doc-format';
import { rewriteAsSchema3 } from '../../../../src/shared/record-doc/schema3-rewrite';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

const ctx = { actor: null, origin: 'api' as const };

function schema2Lead() {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock: new ManualClock() });
  records.docVersion = DOC_SCHEMA_V2;
  const id = String(records.create('lead', { email: 'swap@x.test', first_name: 'Ada', status: 'new' }, ctx).id);
  records.update('lead', id, { status: 'contacted' }, ctx);
  const state = db.prepare('SELECT state FROM record_docs WHERE id = ?').pluck().get(id) as Buffer;
  const row = () => db.prepare('SELECT first_name, status, version FROM leads WHERE id = ?').get(id);
  return { db, records, id, state, row };
}

describe('the swap of a team compaction, given bytes from the relay', () => {
  it('swaps in a rewritten document that reads the same, and ignores an unreadable previous history', () => {
    const { records, id, state, row } = schema2Lead();
    const before = row();
    const rewritten = rewriteAsSchema3({ id, state })!;
    expect(rewritten).not.toBeNull();
    const result = records.epochSwap.swap([{ record_id: id, update: rewritten, previous: new Uint8Array([255, 1, 2, 3]) }]);
    expect(result).toMatchObject({ swapped: 1, merge: [] });
    expect(row()).toEqual(before);
  });

  it('hands a document that is no Yjs update back to the ordinary remote path, which refuses it and changes nothing', () => {
    const { db, records, id, state, row } = schema2Lead();
    const before = row();
    const garbage = new Uint8Array([7, 7, 7, 7, 7, 7, 7, 7]);
    const result = records.epochSwap.swap([{ record_id: id, update: garbage }]);
    expect(result).toMatchObject({ swapped: 0, reauthored: 0 });
    expect(result.merge.map((m) => m.record_id)).toEqual([id]);
    const [applied] = records.applyRemoteBatch(result.merge, { quiet: true });
    expect(applied.status).not.toBe('applied');
    expect(row()).toEqual(before);
    expect(Buffer.compare(db.prepare('SELECT state FROM record_docs WHERE id = ?').pluck().get(id) as Buffer, state)).toBe(0);
  });
});
