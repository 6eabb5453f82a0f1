import * as Y from 'yjs';
import { fieldKey, writerKey } from '../../src/shared/record-doc/doc-format';

/**
 * Builds a schema-2 record document by hand, as a hostile or buggy peer could: tests use it to
 * check what the engine and the relay refuse. `values` are written as one writer's entries.
 */
export function rawDocUpdate(opts: {
  id: string;
  entity: string;
  values: Record<string, unknown>;
  clientId?: number;
  user?: string | null;
  createdMs?: number;
  stamp?: number;
  writerName?: string;
}): Uint8Array {
  const doc = new Y.Doc({ guid: opts.id });
  doc.clientID = opts.clientId ?? 777;
  const writer = opts.writerName ?? writerKey(doc.clientID);
  const createdMs = opts.createdMs ?? Date.parse('2025-03-01T09:00:00Z');
  doc.transact(() => {
    doc.getMap('m').set('e', opts.entity);
    doc.getMap('m').set('t', createdMs);
    doc.getMap('m').set('v', 2);
    doc.getMap('w').set(writerKey(doc.clientID), [opts.user ?? null]);
    for (const [field, value] of Object.entries(opts.values)) doc.getMap('f').set(fieldKey(field, writer), [value, opts.stamp ?? 1]);
  });
  return Y.encodeStateAsUpdate(doc);
}
