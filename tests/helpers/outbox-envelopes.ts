import type { RecordsEngine } from '../../src/main/engines/records';
import type { UpdateEnvelope } from '../../src/shared/sync/sync-protocol';

/**
 * An install's whole outbox as the push envelopes a relay would receive from `writer`, numbered
 * after those already in `into`, then acknowledged (for relay tests and benchmarks that feed a
 * relay store without a sync session).
 */
export function drainOutbox(records: RecordsEngine, writer: string, schemaVersion: number, into: UpdateEnvelope[]): void {
  for (let items = records.outbox.since(0, 1000); items.length > 0; items = records.outbox.since(0, 1000)) {
    for (const item of items) {
      into.push({ record_id: item.record_id, entity: item.entity, schema_version: schemaVersion, writer, client_seq: into.length + 1, update: item.update });
    }
    records.outbox.acknowledge(items);
  }
}
