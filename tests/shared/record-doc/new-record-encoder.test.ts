import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { encodeNewRecord } from '../../../src/shared/record-doc/new-record-encoder';
import { loadDoc, writeRecord } from '../../../src/main/engines/records/record-doc';
import { readStageLog } from '../../../src/shared/record-doc/stage-log';
import { writerKey } from '../../../src/shared/record-doc/doc-format';

describe('encoding a new record without a Y.Doc', () => {
  it('produces exactly the bytes Yjs produces for the same write', () => {
    const values = {
      email: 'enc@x.test',
      first_name: 'Éva',
      lead_score: 42,
      estimated_value: 1234.5,
      email_opt_out: false,
      notes: null,
      tags: ['vip', 'q3', 'vip'],
      'custom_fields.region': 'north',
      'custom_fields.seats': [1, 2],
      created_at: '2025-03-01T09:00:00.000Z',
    };
    const args = { entity: 'lead', clientId: 123456789, userId: 'u-1', createdMs: 1740819600000, stamp: 1740819600000123, values };
    const direct = encodeNewRecord(args);
    const doc = loadDoc('rec-1', null);
    const viaYjs = writeRecord(doc, { ...args, createdMs: args.createdMs, entries: new Map() });
    expect(Buffer.from(direct).equals(Buffer.from(viaYjs))).toBe(true);
    expect(Buffer.from(direct).equals(Buffer.from(Y.encodeStateAsUpdate(doc)))).toBe(true);
  });
  it("writes a deal's first stage into its history the way Yjs does", () => {
    const values = { name: 'Deal', stage: 'prospecting', close_date: '2025-04-01', amount: 10 };
    const args = {
      entity: 'opportunity',
      clientId: 987654,
      userId: 'u-1',
      createdMs: 1740819600000,
      stamp: 1740819600000007,
      values,
      stageMove: [null, 'prospecting', '2025-04-01'] as [null, string, string],
    };
    const direct = encodeNewRecord(args);
    const doc = loadDoc('rec-2', null);
    writeRecord(doc, { ...args, entries: new Map() });
    expect(Buffer.from(direct).equals(Buffer.from(Y.encodeStateAsUpdate(doc)))).toBe(true);
    expect(readStageLog(loadDoc('rec-2', direct))).toEqual([
      { writer: writerKey(987654), stamp: args.stamp, actor: 'u-1', from: null, to: 'prospecting', closeDate: '2025-04-01' },
    ]);
  });
});
