import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src/main/app/create-engine';

/**
 * What edits cost to send, for documents of one schema: on a fresh store of 1,000 leads
 * (acknowledged by the relay), 100 edits of one record, then 10,000 offline edits spread over
 * the 1,000. The outbox keeps one row per record and sends the state minus what the relay has.
 */
const sys = { actor: null, origin: 'api' as const };
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified'];

export interface EditFigures {
  version: number;
  docBytes: number;
  rows100: number;
  bytes100: number;
  rows10k: number;
  bytes10k: number;
}

export function measureEdits(version: number): EditFigures {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-doc-edits-'));
  const engine = createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000 });
  try {
    const records = engine.records;
    records.docVersion = version;
    const ids: string[] = [];
    records.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const body = {
          email: `p${i}@bench.test`,
          first_name: `First${i}`,
          last_name: `Last${i}`,
          status: STATUSES[i % 4],
          lead_score: i % 101,
          tags: ['bench'],
        };
        ids.push(String(records.create('lead', body, sys).id));
      }
    });
    const docBytes = engine.db.prepare("SELECT avg(length(state)) FROM record_docs WHERE entity = 'lead'").pluck().get() as number;
    records.outbox.acknowledge(records.outbox.since(0, 10_000));
    for (let k = 0; k < 100; k++) records.update('lead', ids[0], { lead_score: k, notes: `edit ${k}` }, sys);
    const after100 = records.outbox.since(0, 10_000);
    records.outbox.acknowledge(after100);
    for (let k = 0; k < 10_000; k++) records.update('lead', ids[k % 1000], { lead_score: k % 100, status: STATUSES[k % 4] }, sys);
    const offline = records.outbox.since(0, 100_000);
    const sum = (items: { update: Uint8Array }[]) => items.reduce((s, i) => s + i.update.byteLength, 0);
    return { version, docBytes, rows100: after100.length, bytes100: sum(after100), rows10k: records.outbox.pendingCount(), bytes10k: sum(offline) };
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
